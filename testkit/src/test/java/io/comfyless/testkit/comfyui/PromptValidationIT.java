package io.comfyless.testkit.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** §2.2: the 400 shapes of {@code POST /prompt}, with ComfyUI's exact types, messages and details. */
class PromptValidationIT extends DoubleTestBase {

    @Test
    void theValidationFailureExampleOfSection7IsAnsweredExactly() {
        String prompt = """
                {"1": {"class_type": "EmptyImage", "inputs": {"width": 0, "height": 32, "batch_size": 1, "color": 0}},
                 "2": {"class_type": "SaveImage", "inputs": {"images": ["1", 0]}}}
                """;

        HttpResponse<String> response = http.postPrompt(prompt, "java-1");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(ComfyHttp.parse(response.body())).isEqualTo(ComfyHttp.parse("""
                {"error": {"type": "prompt_outputs_failed_validation", "message": "Prompt outputs failed validation",
                           "details": "Required input is missing: filename_prefix", "extra_info": {}},
                 "node_errors": {
                   "1": {"errors": [{"type": "value_smaller_than_min", "message": "Value 0 smaller than min of 1",
                                     "details": "width",
                                     "extra_info": {"input_name": "width",
                                                    "input_config": ["INT", {"default": 512, "min": 1, "max": 16384, "step": 1}],
                                                    "received_value": 0}}],
                         "dependent_outputs": ["2"], "class_type": "EmptyImage"},
                   "2": {"errors": [{"type": "required_input_missing", "message": "Required input is missing",
                                     "details": "filename_prefix", "extra_info": {"input_name": "filename_prefix"}}],
                         "dependent_outputs": ["2"], "class_type": "SaveImage"}}}
                """));
    }

    @Test
    void aClassTheDoubleDoesNotHaveIsAnsweredAsComfyUiAnswersAMissingNode() {
        String prompt = """
                {"4": {"class_type": "ControlNetLoader", "inputs": {"control_net_name": "canny.safetensors"}},
                 "9": {"class_type": "SaveImage", "inputs": {"images": ["4", 0], "filename_prefix": "x"}}}
                """;

        JsonNode answer = rejected(prompt);

        assertThat(answer).isEqualTo(ComfyHttp.parse("""
                {"error": {"type": "invalid_prompt",
                           "message": "Cannot execute because node ControlNetLoader does not exist.",
                           "details": "Node ID '#4'", "extra_info": {}},
                 "node_errors": {}}
                """));
    }

    @Test
    void aLinkToAMissingNodeIsAnExceptionDuringValidation() {
        String prompt = """
                {"2": {"class_type": "SaveImage", "inputs": {"images": ["99", 0], "filename_prefix": "x"}}}
                """;

        JsonNode answer = rejected(prompt);

        assertThat(answer.at("/error/type").asText()).isEqualTo("prompt_outputs_failed_validation");
        assertThat(answer.at("/error/details").asText()).isEqualTo("Exception when validating node: '99'");
        JsonNode reason = answer.at("/node_errors/2/errors/0");
        assertThat(reason.get("type").asText()).isEqualTo("exception_during_validation");
        assertThat(reason.get("message").asText()).isEqualTo("Exception when validating node");
        assertThat(reason.get("details").asText()).isEqualTo("'99'");
        assertThat(reason.at("/extra_info/exception_type").asText()).isEqualTo("KeyError");
        assertThat(answer.at("/node_errors/2/dependent_outputs").toString()).isEqualTo("[\"2\"]");
        assertThat(answer.at("/node_errors/2/class_type").asText()).isEqualTo("SaveImage");
    }

    @Test
    void theOtherTopLevelErrorsHaveTheirOwnTypes() {
        HttpResponse<String> noPrompt = http.post("/prompt", "{\"client_id\": \"x\"}");
        JsonNode noOutputs = rejected("""
                {"1": {"class_type": "EmptyImage", "inputs": {"width": 8, "height": 8, "batch_size": 1, "color": 0}}}
                """);
        JsonNode noClassType = rejected("{\"1\": {\"inputs\": {}}}");

        assertThat(noPrompt.statusCode()).isEqualTo(400);
        assertThat(ComfyHttp.parse(noPrompt.body())).isEqualTo(ComfyHttp.parse("""
                {"error": {"type": "no_prompt", "message": "No prompt provided", "details": "No prompt provided",
                           "extra_info": {}}, "node_errors": {}}
                """));
        assertThat(noOutputs.at("/error/type").asText()).isEqualTo("prompt_no_outputs");
        assertThat(noOutputs.at("/error/message").asText()).isEqualTo("Prompt has no outputs");
        assertThat(noClassType.at("/error/message").asText())
                .isEqualTo("Cannot execute because a node is missing the class_type property.");
    }

    @Test
    void inputErrorsCarryComfyUisTypesAndMessages() {
        JsonNode answer = rejected("""
                {"1": {"class_type": "EmptyImage", "inputs": {"width": "abc", "height": 99999, "batch_size": 1, "color": 0}},
                 "2": {"class_type": "ImageScale", "inputs": {"image": ["1", 0], "upscale_method": "fastest", "width": 8,
                                                              "height": 8, "crop": "disabled"}},
                 "3": {"class_type": "SolidMask", "inputs": {"value": 1.5, "width": 8, "height": 8}},
                 "4": {"class_type": "SaveImage", "inputs": {"images": ["3", 0], "filename_prefix": "x"}},
                 "5": {"class_type": "SaveImage", "inputs": {"images": ["2", 0, 1], "filename_prefix": "x"}},
                 "6": {"class_type": "PreviewImage", "inputs": {"images": ["2", 0]}},
                 "7": {"class_type": "LoadImage", "inputs": {"image": "sub/missing.png"}},
                 "8": {"class_type": "PreviewImage", "inputs": {"images": ["7", 0]}},
                 "9": {"class_type": "MaskToImage", "inputs": {"mask": ["3", 0]}},
                 "10": {"class_type": "PreviewImage", "inputs": {"images": ["9", 0]}}}
                """);

        assertThat(answer.at("/error/type").asText()).isEqualTo("prompt_outputs_failed_validation");
        assertThat(reason(answer, "1", "width").get("type").asText()).isEqualTo("invalid_input_type");
        assertThat(reason(answer, "1", "width").get("message").asText())
                .isEqualTo("Failed to convert an input value to a INT value");
        assertThat(reason(answer, "1", "width").get("details").asText())
                .isEqualTo("width, abc, invalid literal for int() with base 10: 'abc'");
        assertThat(reason(answer, "1", "height").get("type").asText()).isEqualTo("value_bigger_than_max");
        assertThat(reason(answer, "1", "height").get("message").asText())
                .isEqualTo("Value 99999 bigger than max of 16384");
        assertThat(reason(answer, "2", "upscale_method").get("type").asText()).isEqualTo("value_not_in_list");
        assertThat(reason(answer, "2", "upscale_method").get("details").asText())
                .isEqualTo(
                        "upscale_method: 'fastest' not in ['nearest-exact', 'bilinear', 'area', 'bicubic', 'lanczos']");
        assertThat(reason(answer, "3", "value").get("message").asText()).isEqualTo("Value 1.5 bigger than max of 1.0");
        assertThat(reason(answer, "4", "images").get("type").asText()).isEqualTo("return_type_mismatch");
        assertThat(reason(answer, "4", "images").get("details").asText())
                .isEqualTo("images, received_type(MASK) mismatch input_type(IMAGE)");
        assertThat(reason(answer, "5", "images").get("type").asText()).isEqualTo("bad_linked_input");
        assertThat(reason(answer, "7", "image").get("type").asText()).isEqualTo("custom_validation_failed");
        assertThat(reason(answer, "7", "image").get("details").asText())
                .isEqualTo("image - Invalid image file: sub/missing.png");
        assertThat(answer.at("/node_errors/6").isMissingNode())
                .as("downstream of a failure, without errors of its own")
                .isTrue();
    }

    @Test
    void someValidOutputsAreQueuedWhileTheInvalidOnesAreReportedAndDropped() {
        HttpResponse<String> response = http.postPrompt("""
                {"1": {"class_type": "EmptyImage", "inputs": {"width": 8, "height": 8, "batch_size": 1, "color": 0}},
                 "2": {"class_type": "SaveImage", "inputs": {"images": ["1", 0], "filename_prefix": "partial/ok"}},
                 "3": {"class_type": "SaveImage", "inputs": {"images": ["1", 0]}}}
                """, null);

        JsonNode answer = ComfyHttp.parse(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(answer.at("/node_errors/3/errors/0/type").asText()).isEqualTo("required_input_missing");
        assertThat(awaitHistory(answer.get("prompt_id").asText())
                        .at("/prompt/4")
                        .toString())
                .isEqualTo("[\"2\"]");
    }

    @Test
    void numbersCountFromBootIncludingRejectedPromptsAndFrontGoesNegative() {
        rejected("{\"1\": {\"class_type\": \"KSampler\", \"inputs\": {}}}");
        JsonNode second = accepted("{\"prompt\": " + Prompts.invertAndSave("n/a") + "}");
        JsonNode third = accepted("{\"front\": true, \"prompt\": " + Prompts.invertAndSave("n/b") + "}");
        JsonNode explicit = accepted("{\"number\": 5, \"prompt\": " + Prompts.invertAndSave("n/c") + "}");

        assertThat(second.get("number").asLong()).isEqualTo(1);
        assertThat(third.get("number").asLong()).isEqualTo(-2);
        assertThat(explicit.get("number").isDouble()).isTrue();
        assertThat(explicit.get("number").asDouble()).isEqualTo(5.0);
    }

    @Test
    void aClientPromptIdIsHonouredAndStringifiedAndWidgetValuesAreCoerced() {
        JsonNode answer = accepted("""
                {"prompt_id": 123, "prompt":
                  {"1": {"class_type": "EmptyImage", "inputs": {"width": "8", "height": 8.9, "batch_size": 1, "color": 0}},
                   "2": {"class_type": "SaveImage", "inputs": {"images": ["1", 0], "filename_prefix": "coerced/x"}}}}
                """);

        assertThat(answer.get("prompt_id").isTextual()).isTrue();
        assertThat(answer.get("prompt_id").asText()).isEqualTo("123");
        JsonNode inputs = awaitHistory("123").at("/prompt/2/1/inputs");
        assertThat(inputs.get("width").isIntegralNumber()).isTrue();
        assertThat(inputs.get("width").asInt()).isEqualTo(8);
        assertThat(inputs.get("height").asInt()).isEqualTo(8);
    }

    @Test
    void malformedJsonIsA500InPlainText() {
        HttpResponse<String> response = http.post("/prompt", "{not json");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    }

    private JsonNode rejected(String prompt) {
        HttpResponse<String> response = http.postPrompt(prompt, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return ComfyHttp.parse(response.body());
    }

    private JsonNode accepted(String body) {
        HttpResponse<String> response = http.post("/prompt", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ComfyHttp.parse(response.body());
    }

    private static JsonNode reason(JsonNode answer, String nodeId, String input) {
        for (JsonNode reason : answer.at("/node_errors/" + nodeId + "/errors")) {
            if (reason.at("/extra_info/input_name").asText().equals(input)) {
                return reason;
            }
        }
        throw new AssertionError("no error for " + nodeId + "." + input + " in " + answer);
    }
}
