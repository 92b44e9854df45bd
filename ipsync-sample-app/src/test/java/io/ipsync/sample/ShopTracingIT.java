package io.ipsync.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipsync.sample.ShopProcess.Launch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One trace per order across the sample's two processes, with the tracer its users get from
 * {@code spring-boot-starter-opentelemetry}: a request that comes into the web process with a W3C
 * {@code traceparent} is one trace from the web process's log line for the order, through the
 * queue message's headers, to the worker's log line for it. A message that a process of the
 * Python original puts (no headers) is shipped in a trace of its own, without error.
 *
 * <p>Both processes run from the repackaged jar, on one shared directory, with the sample's own
 * {@code application.yml}: the observation properties and Spring Boot's default log pattern,
 * which shows {@code [<trace id>-<span id>]} on each line of a traced request or message.
 */
class ShopTracingIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Duration STARTUP = Duration.ofMinutes(2);

    private static final Duration STEP = Duration.ofSeconds(30);

    private static final Pattern STARTED = Pattern.compile("Started ShopApplication in ");

    private static final Pattern WEB_PORT = Pattern.compile("Tomcat started on port (\\d+)");

    /** Spring Boot's correlation part of a log line: {@code [<trace id>-<span id>]}. */
    private static final String CORRELATION = "\\[([0-9a-f]{32})-([0-9a-f]{16})\\]";

    private static final String PYTHON_PEER_PROPERTY = "shop.python-peer";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path shopDir;

    @TempDir
    Path workingDirectory;

    @Test
    void anOrdersTraceGoesFromTheWebProcessThroughTheQueueToTheWorkerAndAPythonMessageStartsItsOwn() throws Exception {
        try (ShopProcess worker = ShopProcess.start(Launch.JAR, "worker", "worker", shopDir, workingDirectory);
                ShopProcess webProcess = ShopProcess.start(Launch.JAR, "web", "web", shopDir, workingDirectory,
                        "--server.port=0")) {
            worker.awaitLine(STARTED, STARTUP);
            webProcess.awaitLine(STARTED, STARTUP);
            URI web = URI.create("http://localhost:" + webProcess.awaitLine(WEB_PORT, STEP).group(1));

            String traceId = HexFormat.of().formatHex(randomBytes(16));
            String callerSpanId = HexFormat.of().formatHex(randomBytes(8));
            String orderId = placeOrder(web, "00-" + traceId + "-" + callerSpanId + "-01");

            MatchResult accepted = webProcess.awaitLine(
                    Pattern.compile(CORRELATION + ".*Accepted order " + Pattern.quote(orderId) + " "), STEP);
            assertThat(accepted.group(1)).as("the trace of the web process's line for the order").isEqualTo(traceId);
            MatchResult shipped = worker.awaitLine(
                    Pattern.compile(CORRELATION + ".*Shipped order " + Pattern.quote(orderId) + " "), STEP);
            assertThat(shipped.group(1)).as("the trace of the worker's line for the order").isEqualTo(traceId);
            assertThat(shipped.group(2)).as("the worker's own span").isNotEqualTo(accepted.group(2)).isNotEqualTo(callerSpanId);

            putWithThePythonOriginal(shopDir.resolve("orders"),
                    "{\"id\": \"py-1\", \"customer\": \"python\", \"lines\": [{\"item\": \"tea\", \"quantity\": 1}]}");
            MatchResult fromPython = worker.awaitLine(Pattern.compile(CORRELATION + ".*Shipped order py-1 "), STEP);
            assertThat(fromPython.group(1)).as("a trace of its own").isNotEqualTo(traceId);

            worker.terminate();
            webProcess.terminate();
            for (ShopProcess process : List.of(worker, webProcess)) {
                assertThat(process.awaitExit(STEP)).as("exit status of the %s process", process.profile()).isIn(0, 143);
                assertThat(process.lines()).as("the %s process's errors", process.profile())
                        .noneMatch(line -> line.contains(" ERROR ") || line.contains("Exception"));
            }
        }
    }

    private String placeOrder(URI web, String traceparent) throws Exception {
        String body = JSON.writeValueAsString(
                Map.of("customer", "traced", "lines", List.of(Map.of("item", "tea", "quantity", 2))));
        HttpRequest request = HttpRequest.newBuilder(web.resolve("/orders"))
                .timeout(STEP)
                .header("Content-Type", "application/json")
                .header("traceparent", traceparent)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST /orders answered %s", response.body()).isEqualTo(202);
        JsonNode accepted = JSON.readTree(response.body());
        return accepted.get("order").asString();
    }

    /** Puts one message as the Python original does: a file without headers, through the project's Python peer. */
    private static void putWithThePythonOriginal(Path queue, String json) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")) || onPath("python3"),
                "python3 not found: the Python producer's part is skipped");
        Path script = Path.of(System.getProperty(PYTHON_PEER_PROPERTY, "../ipsync-core/src/test/python/jk_peer.py"));
        Process python = new ProcessBuilder("python3", script.toString(), "queue-put", queue.toString(), json)
                .redirectErrorStream(true)
                .start();
        assertThat(python.waitFor(STEP.toSeconds(), TimeUnit.SECONDS)).as("the Python producer ended").isTrue();
        String output = new String(python.getInputStream().readAllBytes());
        assertThat(python.exitValue()).as("the Python producer's exit status; it printed %s", output).isZero();
    }

    private static boolean onPath(String executable) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, executable)));
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
