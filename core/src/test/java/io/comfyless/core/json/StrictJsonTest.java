package io.comfyless.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.core.error.ErrorDetail;
import io.comfyless.core.error.MalformedJsonException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Client JSON is taken only as it is meant: nothing after the value, no number that would change on the way. */
class StrictJsonTest {

    private static ErrorDetail refusal(String body) {
        try {
            Json.parse(body, "body");
        } catch (MalformedJsonException e) {
            return e.details().get(0);
        }
        throw new AssertionError("accepted: " + body);
    }

    @Test
    void contentAfterTheValueIsRefused() {
        ErrorDetail detail = refusal("{\"workflow\": {}} {\"more\": 1}");

        assertThat(detail.code()).isEqualTo("INVALID_JSON");
        assertThat(detail.message())
                .startsWith("unexpected content after the JSON value")
                .doesNotContain("Jackson");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1}garbage", "body")).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void aNumberThatUnderflowsToZeroIsRefusedNamingNodeAndInput() {
        ErrorDetail detail =
                refusal("{\"workflow\": {\"1\": {\"class_type\": \"EmptyImage\", \"inputs\": {\"width\": 1e-400}}}}");

        assertThat(detail.code()).isEqualTo("NUMBER_OUT_OF_RANGE");
        assertThat(detail.field()).isEqualTo("workflow.1.inputs.width");
        assertThat(detail.nodeId()).isEqualTo("1");
        assertThat(detail.input()).isEqualTo("width");
        assertThat(detail.message()).containsIgnoringCase("1e-400").contains("too small");
    }

    @Test
    void aNumberThatOverflowsIsRefused() {
        ErrorDetail detail = refusal("{\"workflow\": {\"1\": {\"inputs\": {\"cfg\": [1, 1e400]}}}}");

        assertThat(detail.field()).isEqualTo("workflow.1.inputs.cfg.1");
        assertThat(detail.nodeId()).isEqualTo("1");
        assertThat(detail.input()).isEqualTo("cfg");
        assertThat(detail.message()).contains("too large");
    }

    @Test
    void anIntegerBeyond64BitsIsRefusedAndTheLargestSeedIsNot() {
        BigInteger largestSeed = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);

        ErrorDetail detail = refusal("{\"priority\": 123456789012345678901234567890}");

        assertThat(detail.field()).isEqualTo("priority");
        assertThat(detail.nodeId()).isNull();
        assertThat(Json.parse("{\"seed\": " + largestSeed + "}", "body")
                        .get("seed")
                        .bigIntegerValue())
                .isEqualTo(largestSeed);
        assertThat(Json.parse("{\"seed\": -9223372036854775808, \"cfg\": 7.5, \"tiny\": 1e-300}", "body")
                        .size())
                .isEqualTo(3);
    }
}
