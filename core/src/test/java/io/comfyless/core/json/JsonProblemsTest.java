package io.comfyless.core.json;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.comfyless.core.error.MalformedJsonException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed JSON is explained in words; the parser's feature names and codes never reach the client. */
class JsonProblemsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            {"a": 1 /* note */}        | comments are not allowed
            {'a': 1}                   | double quotes, not single quotes
            {a: 1}                     | field names must be strings in double quotes
            {"a": NaN}                 | NaN and Infinity are not JSON numbers
            {"a": 07}                  | may not start with a zero
            {"a": [1, 2                | ends too early
            {"a": tru}                 | unexpected word 'tru'
            {"a": 1,}                  | field names must be strings in double quotes
            {"a": "b\\qc"}             | valid escape
            """)
    void malformedJsonIsExplainedWithoutTheParsersVocabulary(String text, String explanation) {
        assertThatThrownBy(() -> Json.parse(text, "body"))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageStartingWith("Malformed JSON in body: ")
                .hasMessageContaining(explanation)
                .hasMessageContaining("(line 1, column")
                .hasMessageNotContainingAny("Feature", "ALLOW_", "JsonReadFeature", "`", "code ", "Jackson");
    }
}
