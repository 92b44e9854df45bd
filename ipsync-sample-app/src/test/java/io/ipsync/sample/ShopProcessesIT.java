package io.ipsync.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample shop end to end: its two profiles in two real JVMs, run from the repackaged jar,
 * sharing nothing but a directory. The web process takes requests over HTTP and talks to the
 * worker through each kind of ipsync channel (the {@code settings} data event, the {@code orders}
 * queue, the {@code reload} event); the worker's log and the queue's files show what arrived.
 */
class ShopProcessesIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Bounds every wait; far beyond what the steps take, so only a real failure reaches it. */
    private static final Duration STARTUP = Duration.ofMinutes(2);

    private static final Duration STEP = Duration.ofSeconds(30);

    private static final Pattern STARTED = Pattern.compile("Started ShopApplication in ");

    private static final Pattern WEB_PORT = Pattern.compile("Tomcat started on port (\\d+)");

    private static final Pattern SHIPPED = Pattern.compile("Shipped order (\\S+) for .*prices in (\\w+)\\)");

    private static final Pattern SETTINGS_APPLIED =
            Pattern.compile(Pattern.quote("Settings now: ShopSettings[currency=CHF, shippingDelayMillis=20]"));

    private static final Pattern RELOADED = Pattern.compile("Reloaded the catalogue: now v(\\d+)");

    /** {@code max-attempts} in the sample's application.yml. */
    private static final int CONFIGURED_ATTEMPTS = 3;

    private static final int GOOD_ORDERS = 6;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path shopDir;

    @TempDir
    Path workingDirectory;

    private URI web;

    @Test
    void webAndWorkerProcessesExchangeSettingsOrdersAndReloadsThroughTheSharedDirectory() throws Exception {
        List<String> orderIds = new ArrayList<>();
        AcceptedOrder badOrder;
        try (ShopProcess worker = ShopProcess.start("worker", shopDir, workingDirectory);
                // Port 0: the web server takes a free port and logs it; no race for a port picked in advance.
                ShopProcess webProcess = ShopProcess.start("web", shopDir, workingDirectory, "--server.port=0")) {
            worker.awaitLine(STARTED, STARTUP);
            webProcess.awaitLine(STARTED, STARTUP);
            web = URI.create("http://localhost:" + webProcess.awaitLine(WEB_PORT, STEP).group(1));

            publishedSettingsReachTheWorker(worker);
            for (int i = 1; i <= GOOD_ORDERS; i++) {
                orderIds.add(placeOrder("customer-" + i, i).id());
            }
            badOrder = placeOrder("mallory", 0);
            everyOrderIsShippedWithTheNewSettings(worker, orderIds);
            theBadOrderBecomesADeadLetterAfterItsAttempts(badOrder);
            aReloadSignalReachesTheWorkerOnce(worker);
            theWebProcessReportsTheChannelsOnItsActuator();

            // Both at once: each shuts down on its own, and the test waits for both.
            worker.terminate();
            webProcess.terminate();
            bothStopGracefully(worker, webProcess);

            theWorkerActedOnEachMessageExactlyOnce(worker, orderIds, badOrder.id());
        }
        nothingButTheDeadLetterIsLeftInTheQueue(badOrder);
    }

    private void publishedSettingsReachTheWorker(ShopProcess worker) throws Exception {
        JsonNode accepted = post("/settings", Map.of("currency", "CHF", "shippingDelayMillis", 20), 202);
        assertThat(accepted.get("currency").asString()).isEqualTo("CHF");

        worker.awaitLine(SETTINGS_APPLIED, STEP);
    }

    private void everyOrderIsShippedWithTheNewSettings(ShopProcess worker, List<String> orderIds) {
        await().alias("the worker ships every order the web process accepted")
                .atMost(STEP)
                .untilAsserted(() -> assertThat(shippedOrders(worker).keySet())
                        .as("orders shipped%n%s", worker.describeTail())
                        .containsAll(orderIds));
        assertThat(worker.matches(SHIPPED)).allSatisfy(shipped -> assertThat(shipped.group(2))
                .as("currency of %s", shipped.group())
                .isEqualTo("CHF"));
    }

    private void theBadOrderBecomesADeadLetterAfterItsAttempts(AcceptedOrder badOrder) throws IOException {
        Path dead = shopDir.resolve("orders/.ipsync/dead");
        Path message = dead.resolve(badOrder.message());
        Path reason = dead.resolve("reason-" + badOrder.message() + ".json");
        // The reason is written first and the message moved second: once the message is there, both are.
        await().alias("the bad order " + badOrder.id() + " is set aside in " + dead)
                .atMost(STEP)
                .until(() -> Files.isRegularFile(message));

        assertThat(Files.readString(message)).contains("\"" + badOrder.id() + "\"");
        JsonNode why = JSON.readTree(reason);
        assertThat(why.get("attempts").asInt()).isEqualTo(CONFIGURED_ATTEMPTS);
        assertThat(why.get("reason").asString())
                .contains("failed on its last attempt (" + CONFIGURED_ATTEMPTS + " of " + CONFIGURED_ATTEMPTS + ")")
                .contains("order " + badOrder.id() + ": quantity 0 of tea is not positive");
        try (Stream<Path> deadLetters = Files.list(dead)) {
            assertThat(deadLetters.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder(badOrder.message(), "reason-" + badOrder.message() + ".json");
        }
    }

    private void aReloadSignalReachesTheWorkerOnce(ShopProcess worker) throws Exception {
        assertThat(worker.matches(RELOADED)).as("reloads before any signal").isEmpty();

        post("/reload", null, 202);

        assertThat(worker.awaitLine(RELOADED, STEP).group(1)).isEqualTo("2");
    }

    private void theWebProcessReportsTheChannelsOnItsActuator() throws Exception {
        JsonNode health = get("/actuator/health");
        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode ipsyncHealth = health.get("components").get("ipsync");
        assertThat(ipsyncHealth.get("status").asString()).isEqualTo("UP");
        assertThat(ipsyncHealth.get("components").propertyNames()).containsExactlyInAnyOrder("orders", "settings", "reload");
        assertThat(ipsyncHealth.get("components").get("orders").get("details").get("deadLetters").asLong()).isOne();

        // The web process reads the counters from the directory the worker works in.
        await().alias("the web process's ipsync endpoint shows the orders queue settled")
                .atMost(STEP)
                .untilAsserted(() -> {
                    Map<String, JsonNode> channels = channelsByName(get("/actuator/ipsync"));
                    assertThat(channels).containsOnlyKeys("orders", "settings", "reload");
                    assertThat(channels.get("reload").get("kind").asString()).isEqualTo("event");
                    assertThat(channels.get("settings").get("kind").asString()).isEqualTo("data-event");
                    assertThat(channels.get("orders").get("kind").asString()).isEqualTo("queue");
                    JsonNode orders = channels.get("orders").get("queue");
                    assertThat(orders.get("deadLetters").asLong()).as("dead letters").isOne();
                    assertThat(orders.get("waiting").asLong()).as("waiting").isZero();
                    assertThat(orders.get("inFlight").asLong()).as("in flight").isZero();
                    assertThat(orders.get("scheduledRetries").asLong()).as("scheduled retries").isZero();
                    assertThat(orders.get("maxAttempts").asInt()).isEqualTo(CONFIGURED_ATTEMPTS);
                });

        JsonNode sent = get("/actuator/metrics/ipsync.messages.sent?tag=queue:orders");
        assertThat(sent.get("measurements")).singleElement().satisfies(measurement -> {
            assertThat(measurement.get("statistic").asString()).isEqualTo("COUNT");
            assertThat(measurement.get("value").asDouble()).isEqualTo(GOOD_ORDERS + 1.0);
        });
    }

    private static void bothStopGracefully(ShopProcess... processes) throws InterruptedException {
        for (ShopProcess process : processes) {
            // Spring Boot runs its shutdown hook on SIGTERM and leaves the exit status to the JVM:
            // 143 (128 + SIGTERM) after a clean shutdown; 0 if something called System.exit(0).
            assertThat(process.awaitExit(STEP)).as("exit status of the %s process", process.profile()).isIn(0, 143);
        }
    }

    private static void theWorkerActedOnEachMessageExactlyOnce(ShopProcess worker, List<String> orderIds,
            String badOrderId) {
        // The worker has ended and its output is read to the end: these counts are final.
        Map<String, Long> shipped = shippedOrders(worker);
        assertThat(shipped).as("times each order was shipped")
                .containsOnlyKeys(orderIds)
                .allSatisfy((id, times) -> assertThat(times).as("times order %s was shipped", id).isOne());
        assertThat(shipped).doesNotContainKey(badOrderId);
        assertThat(worker.matches(SETTINGS_APPLIED)).as("settings applied").hasSize(1);
        assertThat(worker.matches(RELOADED)).as("catalogue reloads").hasSize(1);
    }

    private void nothingButTheDeadLetterIsLeftInTheQueue(AcceptedOrder badOrder) throws IOException {
        Path orders = shopDir.resolve("orders");
        Path dead = orders.resolve(".ipsync/dead");
        // No waiting message, no claim, no retry, no half-written file, and no owner lock: a consumer
        // removes its lock and claim folder only when it closes cleanly.
        try (Stream<Path> files = Files.walk(orders)) {
            assertThat(files.filter(Files::isRegularFile).filter(file -> !file.startsWith(dead)))
                    .as("files left in %s", orders)
                    .isEmpty();
        }
        try (Stream<Path> claims = Files.list(orders.resolve(".ipsync/claims"))) {
            assertThat(claims).as("claim folders").isEmpty();
        }
        assertThat(dead.resolve(badOrder.message())).isRegularFile();
    }

    private static Map<String, Long> shippedOrders(ShopProcess worker) {
        return worker.matches(SHIPPED).stream()
                .collect(Collectors.groupingBy(shipped -> shipped.group(1), Collectors.counting()));
    }

    private static Map<String, JsonNode> channelsByName(JsonNode endpoint) {
        return endpoint.get("channels").valueStream().collect(Collectors.toMap(channel -> channel.get("name").asString(), Function.identity()));
    }

    /** Places an order of {@code quantity} tea; returns the order id and queue message the web process gave it. */
    private AcceptedOrder placeOrder(String customer, int quantity) throws Exception {
        JsonNode accepted = post("/orders",
                Map.of("customer", customer, "lines", List.of(Map.of("item", "tea", "quantity", quantity))), 202);
        return new AcceptedOrder(accepted.get("order").asString(), accepted.get("message").asString());
    }

    private JsonNode post(String path, Object body, int expectedStatus) throws Exception {
        HttpRequest.BodyPublisher content = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        HttpRequest request = HttpRequest.newBuilder(web.resolve(path))
                .timeout(STEP)
                .header("Content-Type", "application/json")
                .POST(content)
                .build();
        return send(request, expectedStatus);
    }

    private JsonNode get(String path) throws Exception {
        return send(HttpRequest.newBuilder(web.resolve(path)).timeout(STEP).GET().build(), 200);
    }

    private JsonNode send(HttpRequest request, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s answered %s", request.method(), request.uri(), response.body())
                .isEqualTo(expectedStatus);
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    /** An order the web process accepted: its id and the name of its message on the queue. */
    private record AcceptedOrder(String id, String message) {
    }
}
