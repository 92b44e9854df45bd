package io.ipsync.spring.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls a running application's actuator over real HTTP, as curl would, and reads the JSON it answers. */
final class ActuatorHttpClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private final String base;

    /** @param port the application's (management) port */
    ActuatorHttpClient(int port) {
        this.base = "http://localhost:" + port + "/actuator/ipsync";
    }

    /** An answer: its status and its body as JSON ({@code MissingNode} when empty or not JSON). */
    record Answer(int status, JsonNode body) {
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    /** POSTs {@code {"action": action}}, as a write operation takes it. */
    Answer post(String path, String action) {
        String body = JSON.createObjectNode().put("action", action).toString();
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer delete(String path) {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
            } catch (RuntimeException notJson) {
                body = JSON.missingNode();
            }
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + base, e);
        }
    }
}
