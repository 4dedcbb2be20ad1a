package io.comfyless.local.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.comfyless.core.json.Json;
import java.io.PrintStream;

/** Output helpers shared by the client commands. */
final class Commands {

    private Commands() {}

    static void print(JsonNode json) {
        try {
            System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        } catch (JsonProcessingException e) {
            System.out.println(json);
        }
    }

    /** 0 when the job completed; 1 with the reason printed otherwise. */
    static int exitCodeFor(JsonNode job, PrintStream out) {
        String status = job.path("status").asText();
        if (status.equals("completed")) {
            out.println("Completed in " + job.path("duration_seconds").asDouble() + " s");
            return 0;
        }
        JsonNode error = job.path("error");
        out.println("Job " + status
                + (error.isMissingNode() || error.isNull()
                        ? ""
                        : ": " + error.path("message").asText()));
        return 1;
    }
}
