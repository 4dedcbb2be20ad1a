// A ComfyLess client in one Java file with no dependencies (JDK 17+):
//   COMFYLESS_API_URL=http://127.0.0.1:8080 java ComfyLessClient.java [workflow.json] [out-dir]
// Real applications would use Jackson; this sample carries a tiny JSON reader so it runs anywhere.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class ComfyLessClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String apiKey;

    public ComfyLessClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.replaceAll("/$", "");
        this.apiKey = apiKey;
    }

    /**
     * POST /v1/workflows/execute?wait=25: the API holds the answer until the job finishes, up to 25 s. A job
     * done in time comes back with its results (status completed, failed or cancelled), otherwise the 202
     * body (status "accepted"). Either way it carries the execution id.
     */
    public Map<?, ?> execute(String workflowJson) throws Exception {
        return (Map<?, ?>) call("POST", "/v1/workflows/execute?wait=25", "{\"workflow\": " + workflowJson + "}");
    }

    /** Follows the job until it is completed, failed or cancelled; each read is held until the job changes. */
    public String await(String id) throws Exception {
        while (true) {
            Map<?, ?> status = (Map<?, ?>) call("GET", "/v1/workflows/" + id + "/status?wait=25", null);
            String state = (String) status.get("status");
            if (List.of("completed", "failed", "cancelled").contains(state)) {
                return state;
            }
        }
    }

    /** Downloads every output through its presigned URL. */
    public List<Path> download(String id, Path directory) throws Exception {
        Map<?, ?> results = (Map<?, ?>) ((Map<?, ?>) call("GET", "/v1/workflows/" + id + "/results", null)).get("results");
        List<Path> saved = new ArrayList<>();
        Files.createDirectories(directory);
        for (Object item : (List<?>) results.get("outputs")) {
            Map<?, ?> output = (Map<?, ?>) item;
            String name = (String) ((Map<?, ?>) output.get("file_info")).get("filename");
            String url = (String) ((Map<?, ?>) output.get("storage")).get("url");
            Path target = directory.resolve(id + "-" + name);
            http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofFile(target));
            saved.add(target);
        }
        return saved;
    }

    private Object call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (int attempt = 1; response.statusCode() == 429 && attempt < 5; attempt++) {
            // Over the tier's request rate: wait as the API asks, then try again.
            Thread.sleep(1000L * Long.parseLong(response.headers().firstValue("retry-after").orElse("1")));
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        Object json = new JsonReader(response.body()).value();
        if (response.statusCode() >= 400) {
            Map<?, ?> error = (Map<?, ?>) json;
            throw new IllegalStateException(response.statusCode() + " " + error.get("error") + ": " + error.get("message"));
        }
        return json;
    }

    public static void main(String[] args) throws Exception {
        String api = System.getenv().getOrDefault("COMFYLESS_API_URL", "http://localhost:8080");
        Path workflow = Path.of(args.length > 0 ? args[0] : "samples/workflows/model_free_v1.json");
        Path out = Path.of(args.length > 1 ? args[1] : "out");
        ComfyLessClient client = new ComfyLessClient(api, System.getenv("COMFYLESS_API_KEY"));
        Map<?, ?> submitted = client.execute(Files.readString(workflow));
        String id = (String) submitted.get("execution_id");
        System.out.println("submitted " + id);
        String state = (String) submitted.get("status");
        if (state.equals("accepted")) {
            state = client.await(id);
        }
        System.out.println("status " + state);
        if (!state.equals("completed")) {
            System.exit(1);
        }
        for (Path saved : client.download(id, out)) {
            System.out.println("saved " + saved);
        }
    }

    /** Just enough JSON: objects, arrays, strings with escapes, numbers, true/false/null. */
    static final class JsonReader {
        private final String text;
        private int at;

        JsonReader(String text) {
            this.text = text;
        }

        Object value() {
            skipSpace();
            char c = text.charAt(at);
            if (c == '{') {
                Map<String, Object> object = new LinkedHashMap<>();
                at++;
                skipSpace();
                while (text.charAt(at) != '}') {
                    String key = string();
                    skipSpace();
                    at++; // ':'
                    object.put(key, value());
                    skipSeparator();
                }
                at++;
                return object;
            }
            if (c == '[') {
                List<Object> array = new ArrayList<>();
                at++;
                skipSpace();
                while (text.charAt(at) != ']') {
                    array.add(value());
                    skipSeparator();
                }
                at++;
                return array;
            }
            if (c == '"') {
                return string();
            }
            int start = at;
            while (at < text.length() && ",}] \n\r\t".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            String word = text.substring(start, at);
            return switch (word) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                case "null" -> null;
                default -> Double.valueOf(word);
            };
        }

        private String string() {
            StringBuilder out = new StringBuilder();
            at++; // opening quote
            while (text.charAt(at) != '"') {
                char c = text.charAt(at++);
                if (c == '\\') {
                    char escaped = text.charAt(at++);
                    switch (escaped) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                            at += 4;
                        }
                        default -> out.append(escaped);
                    }
                } else {
                    out.append(c);
                }
            }
            at++;
            return out.toString();
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        /** Skips the white space and the ',' (if any) after an object member or array element. */
        private void skipSeparator() {
            skipSpace();
            if (text.charAt(at) == ',') {
                at++;
            }
            skipSpace();
        }
    }
}
