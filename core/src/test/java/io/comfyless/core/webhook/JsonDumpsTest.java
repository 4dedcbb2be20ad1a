package io.comfyless.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.comfyless.core.json.Json;
import org.junit.jupiter.api.Test;

/** The expected texts are what CPython 3's {@code repr} and {@code json.dumps} print for the same values. */
class JsonDumpsTest {

    @Test
    void floatsAreWrittenAsPythonsReprWritesThem() {
        assertThat(JsonDumps.repr(1.0)).isEqualTo("1.0");
        assertThat(JsonDumps.repr(100.0)).isEqualTo("100.0");
        assertThat(JsonDumps.repr(0.0128)).isEqualTo("0.0128");
        assertThat(JsonDumps.repr(0.00012345)).isEqualTo("0.00012345");
        assertThat(JsonDumps.repr(1e-05)).isEqualTo("1e-05");
        assertThat(JsonDumps.repr(2.5e-07)).isEqualTo("2.5e-07");
        assertThat(JsonDumps.repr(120.5)).isEqualTo("120.5");
        assertThat(JsonDumps.repr(1e16)).isEqualTo("1e+16");
        assertThat(JsonDumps.repr(1e22)).isEqualTo("1e+22");
        assertThat(JsonDumps.repr(123456789012345.6)).isEqualTo("123456789012345.6");
        assertThat(JsonDumps.repr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(JsonDumps.repr(-0.5)).isEqualTo("-0.5");
    }

    @Test
    void objectsArraysAndStringsUsePythonsSeparatorsAndAsciiEscapes() {
        ObjectNode value = Json.object().put("a", "éé\n\"\\");
        value.putArray("b").add(1).add(2.0).addNull().add(true);
        value.putObject("c");
        value.putArray("d");
        value.put("e", "\uD83D\uDE00");
        value.put("f", "\u007f");

        assertThat(JsonDumps.write(value))
                .isEqualTo("{\"a\": \"\\u00e9\\u00e9\\n\\\"\\\\\", \"b\": [1, 2.0, null, true], \"c\": {}, \"d\": [],"
                        + " \"e\": \"\\ud83d\\ude00\", \"f\": \"\\u007f\"}");
    }
}
