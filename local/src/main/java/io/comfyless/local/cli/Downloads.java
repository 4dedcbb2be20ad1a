package io.comfyless.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Saves a job's outputs, through their presigned links, into a directory. */
final class Downloads {

    private Downloads() {}

    static List<Path> save(ApiClient api, String id, Path directory, PrintStream out) {
        JsonNode results = api.get("v1/workflows/" + id + "/results");
        List<Path> saved = new ArrayList<>();
        for (JsonNode output : results.path("results").path("outputs")) {
            String filename = output.path("file_info").path("filename").asText("output");
            Path target = directory.resolve(id + "-" + filename);
            api.download(output.path("storage").path("url").asText(), target);
            out.println("  saved " + target + " ("
                    + output.path("file_info").path("dimensions").asText("?") + ", "
                    + output.path("file_info").path("size_bytes").asLong() + " bytes)");
            saved.add(target);
        }
        return saved;
    }
}
