package io.comfyless.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.comfyless.core.error.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriorityTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @ParameterizedTest
    @CsvSource({"0,LOW", "3,LOW", "4,NORMAL", "5,NORMAL", "6,NORMAL", "7,HIGH", "10,HIGH"})
    void mapsNumbersOntoThreeLanes(int value, Lane lane) {
        assertThat(Priority.parse(NODES.numberNode(value), "priority").lane()).isEqualTo(lane);
    }

    @ParameterizedTest
    @CsvSource({"low,LOW", "normal,NORMAL", "HIGH,HIGH", " High ,HIGH"})
    void acceptsNamedPriorities(String name, Lane lane) {
        assertThat(Priority.parse(NODES.textNode(name), "priority").lane()).isEqualTo(lane);
    }

    @Test
    void defaultsToNormalWhenAbsent() {
        assertThat(Priority.parse(null, "priority")).isEqualTo(Priority.NORMAL);
    }

    @Test
    void rejectsOutOfRangeAndUnknownValuesNamingTheField() {
        assertThatThrownBy(() -> Priority.parse(NODES.numberNode(11), "execution_config.priority"))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(
                                ((ValidationException) e).details().get(0).field())
                        .isEqualTo("execution_config.priority"));
        assertThatThrownBy(() -> Priority.parse(NODES.textNode("urgent"), "priority"))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Priority.parse(NODES.numberNode(2.5), "priority"))
                .isInstanceOf(ValidationException.class);
    }
}
