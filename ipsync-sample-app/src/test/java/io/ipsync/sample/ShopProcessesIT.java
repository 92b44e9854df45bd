package io.ipsync.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ipsync.DeadLetter;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueOptions;
import io.ipsync.redis.test.RedisServer;
import io.ipsync.sample.ShopProcess.Launch;
import io.ipsync.spring.test.QueueWaits;
import io.lettuce.core.Range;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * sharing nothing but a directory, or, as two hosts would, nothing but a Redis server. The web
 * process takes requests over HTTP and talks to the worker through each kind of ipsync channel
 * (the {@code settings} data event, the {@code orders} queue, the {@code reload} event); the
 * worker's log and what the queue keeps (its files, or its keys on the server) show what arrived.
 * Both runs make the same assertions; only where the messages are kept differs.
 *
 * <p>Each run is made twice: from the jar, and in AOT mode from the classes that Spring's AOT
 * processing generated for each role's profile ({@code -Dspring.aot.enabled=true}, as a native
 * image runs them). The Redis run in AOT mode adds the {@code redis} profile at run time only: its
 * properties, read at run time, move every channel to the server.
 */
class ShopProcessesIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Bounds every wait; far beyond what the steps take, so only a real failure reaches it. */
    private static final Duration STARTUP = Duration.ofMinutes(2);

    private static final Duration STEP = Duration.ofSeconds(30);

    private static final Pattern STARTED = Pattern.compile("Started ShopApplication in ");

    /** What Spring Boot logs first when it starts from AOT-generated code. */
    private static final Pattern STARTING_AOT_PROCESSED = Pattern.compile("Starting AOT-processed ShopApplication ");

    private static final Pattern WEB_PORT = Pattern.compile("Tomcat started on port (\\d+)");

    private static final Pattern SHIPPED = Pattern.compile("Shipped order (\\S+) for .*prices in (\\w+)\\)");

    private static final Pattern SETTINGS_APPLIED =
            Pattern.compile(Pattern.quote("Settings now: ShopSettings[currency=CHF, shippingDelayMillis=20]"));

    private static final Pattern RELOADED = Pattern.compile("Reloaded the catalogue: now v(\\d+)");

    /** {@code max-attempts} in the sample's application.yml. */
    private static final int CONFIGURED_ATTEMPTS = 3;

    /**
     * The bad order's worker throws a BadOrderException, a NotRetryableException: it is
     * dead-lettered on its first attempt.
     */
    private static final int BAD_ORDER_ATTEMPTS = 1;

    private static final int GOOD_ORDERS = 6;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path shopDir;

    @TempDir
    Path webDir;

    @TempDir
    Path workerDir;

    @TempDir
    Path workingDirectory;

    private URI web;

    @Test
    void webAndWorkerProcessesExchangeSettingsOrdersAndReloadsThroughTheSharedDirectory() throws Exception {
        exchangeSettingsOrdersAndReloads(new SharedDirectory(shopDir), Launch.JAR);
    }

    @Test
    void webAndWorkerProcessesOnSeparateDirectoriesExchangeSettingsOrdersAndReloadsThroughRedis() throws Exception {
        try (RedisServer redis = new RedisServer()) {
            redis.start();
            exchangeSettingsOrdersAndReloads(new RedisShop(redis, webDir, workerDir), Launch.JAR);
        }
    }

    @Test
    void webAndWorkerProcessesBuiltAheadOfTimeExchangeSettingsOrdersAndReloadsThroughTheSharedDirectory()
            throws Exception {
        exchangeSettingsOrdersAndReloads(new SharedDirectory(shopDir), Launch.AOT);
    }

    @Test
    void webAndWorkerProcessesBuiltAheadOfTimeExchangeSettingsOrdersAndReloadsThroughRedis() throws Exception {
        try (RedisServer redis = new RedisServer()) {
            redis.start();
            exchangeSettingsOrdersAndReloads(new RedisShop(redis, webDir, workerDir), Launch.AOT);
        }
    }

    private void exchangeSettingsOrdersAndReloads(Shop shop, Launch launch) throws Exception {
        List<String> orderIds = new ArrayList<>();
        AcceptedOrder badOrder;
        try (ShopProcess worker = ShopProcess.start(launch, "worker", shop.profiles("worker"), shop.workerDir(),
                workingDirectory, shop.arguments());
                // Port 0: the web server takes a free port and logs it; no race for a port picked in advance.
                ShopProcess webProcess = ShopProcess.start(launch, "web", shop.profiles("web"), shop.webDir(),
                        workingDirectory, concat(shop.arguments(), "--server.port=0"))) {
            worker.awaitLine(STARTED, STARTUP);
            webProcess.awaitLine(STARTED, STARTUP);
            for (ShopProcess process : List.of(worker, webProcess)) {
                assertThat(process.matches(STARTING_AOT_PROCESSED)).as("%s started from AOT-generated code", process.profile())
                        .hasSize(launch == Launch.AOT ? 1 : 0);
            }
            web = URI.create("http://localhost:" + webProcess.awaitLine(WEB_PORT, STEP).group(1));

            publishedSettingsReachTheWorker(worker);
            for (int i = 1; i <= GOOD_ORDERS; i++) {
                orderIds.add(placeOrder("customer-" + i, i).id());
            }
            badOrder = placeOrder("mallory", 0);
            everyOrderIsShippedWithTheNewSettings(worker, orderIds);
            shop.theBadOrderBecomesADeadLetterOnItsFirstAttempt(badOrder);
            aReloadSignalReachesTheWorkerOnce(worker);
            theWebProcessReportsTheChannelsOnItsActuator(shop);

            // Both at once: each shuts down on its own, and the test waits for both.
            worker.terminate();
            webProcess.terminate();
            bothStopGracefully(worker, webProcess);

            theWorkerActedOnEachMessageExactlyOnce(worker, orderIds, badOrder.id());
        }
        shop.nothingButTheDeadLetterIsLeftInTheQueue(badOrder);
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

    private void aReloadSignalReachesTheWorkerOnce(ShopProcess worker) throws Exception {
        assertThat(worker.matches(RELOADED)).as("reloads before any signal").isEmpty();

        post("/reload", null, 202);

        assertThat(worker.awaitLine(RELOADED, STEP).group(1)).isEqualTo("2");
    }

    private void theWebProcessReportsTheChannelsOnItsActuator(Shop shop) throws Exception {
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
                    assertThat(channels.values()).allSatisfy(channel -> assertThat(channel.get("transport").asString())
                            .isEqualTo(shop.transport()));
                    assertThat(channels.get("orders").get("location").asString()).isEqualTo(shop.ordersLocation());
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

    private static String[] concat(String[] arguments, String... more) {
        return Stream.concat(Stream.of(arguments), Stream.of(more)).toArray(String[]::new);
    }

    private static void theReasonSaysItWasNotRetriedAndNamesTheFailure(String reason, AcceptedOrder badOrder) {
        assertThat(reason)
                .startsWith("not retried (attempt " + BAD_ORDER_ATTEMPTS + " of " + CONFIGURED_ATTEMPTS
                        + "), io.ipsync.sample.worker.BadOrderException is not retryable")
                .contains("order " + badOrder.id() + ": quantity 0 of tea is not positive");
    }

    /** An order the web process accepted: its id and the id of its message on the queue. */
    private record AcceptedOrder(String id, String message) {
    }

    /** Where the shop's processes meet, and what the queue keeps there. */
    private interface Shop {

        /** The transport every channel is on. */
        String transport();

        /** The profiles a process of the given role runs with. */
        String profiles(String role);

        Path webDir();

        Path workerDir();

        /** Further command-line arguments of both processes. */
        String[] arguments();

        /** Where the endpoint says the orders queue is. */
        String ordersLocation();

        /** The orders queue as the processes share it, opened by the test as a third participant. */
        JsonDataQueue openOrders();

        /**
         * The bad order is a dead letter after one attempt, with the reason, and nothing else is: read
         * through the queue's dead letters, the same on every transport.
         */
        default void theBadOrderBecomesADeadLetterOnItsFirstAttempt(AcceptedOrder badOrder) {
            try (JsonDataQueue orders = openOrders()) {
                DeadLetter deadLetter = QueueWaits.awaitDeadLetter(orders, badOrder.message(), STEP);

                assertThat(new String(deadLetter.content(), StandardCharsets.UTF_8)).contains("\"" + badOrder.id() + "\"");
                assertThat(deadLetter.attempts()).isEqualTo(BAD_ORDER_ATTEMPTS);
                theReasonSaysItWasNotRetriedAndNamesTheFailure(deadLetter.reason(), badOrder);
                assertThat(QueueWaits.deadLetters(orders)).extracting(DeadLetter::messageId)
                        .containsExactly(badOrder.message());
            }
        }

        /** Once both processes stopped: no waiting message, claim, retry or consumer; only the dead letter. */
        void nothingButTheDeadLetterIsLeftInTheQueue(AcceptedOrder badOrder) throws Exception;
    }

    /** Files in one directory that both processes use. */
    private record SharedDirectory(Path shopDir) implements Shop {

        @Override
        public String transport() {
            return "file";
        }

        @Override
        public String profiles(String role) {
            return role;
        }

        @Override
        public Path webDir() {
            return shopDir;
        }

        @Override
        public Path workerDir() {
            return shopDir;
        }

        @Override
        public String[] arguments() {
            return new String[0];
        }

        @Override
        public String ordersLocation() {
            return shopDir.resolve("orders").toString();
        }

        @Override
        public JsonDataQueue openOrders() {
            return JsonDataQueue.open(shopDir.resolve("orders"));
        }

        @Override
        public void nothingButTheDeadLetterIsLeftInTheQueue(AcceptedOrder badOrder) throws IOException {
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
    }

    /**
     * A Redis server, as processes on two hosts would share it: each process has a base directory
     * of its own, so they can meet nowhere else. The entries of application.yml stay as written
     * for files; the {@code redis} profile moves them.
     */
    private record RedisShop(RedisServer redis, Path webDir, Path workerDir) implements Shop {

        private static final String STREAM = "{ipsync:orders}:stream";

        private static final String DEAD = "{ipsync:orders}:dead";

        @Override
        public String transport() {
            return "redis";
        }

        @Override
        public String profiles(String role) {
            return role + ",redis";
        }

        @Override
        public String[] arguments() {
            return new String[] {"--spring.data.redis.url=" + redis.uri()};
        }

        @Override
        public String ordersLocation() {
            return redis.uri() + "/orders";
        }

        @Override
        public JsonDataQueue openOrders() {
            return JsonDataQueue.open(redis.address("orders"), QueueOptions.DEFAULTS);
        }

        @Override
        public void nothingButTheDeadLetterIsLeftInTheQueue(AcceptedOrder badOrder) throws IOException {
            assertThat(redis.commands().xlen(STREAM)).as("messages left in %s", STREAM).isZero();
            assertThat(redis.commands().zcard("{ipsync:orders}:retry")).as("scheduled retries").isZero();
            assertThat(redis.commands().xpending(STREAM, "ipsync").getCount()).as("claims").isZero();
            // A consumer removes itself from the group only when it closes cleanly; the pseudo-consumer
            // '~scheduled' that holds retries stays, holding nothing.
            assertThat(redis.commands().xinfoConsumers(STREAM, "ipsync"))
                    .as("consumers")
                    .allSatisfy(consumer -> {
                        List<Object> fields = new ArrayList<>((List<?>) consumer);
                        assertThat(fields).startsWith("name", "~scheduled", "pending", 0L);
                    });
            assertThat(redis.commands().xrange(DEAD, Range.create("-", "+")))
                    .singleElement()
                    .satisfies(deadLetter -> assertThat(deadLetter.getBody()).containsEntry("message-id", badOrder.message()));
            for (Path baseDir : List.of(webDir, workerDir)) {
                try (Stream<Path> files = Files.walk(baseDir)) {
                    assertThat(files.filter(path -> !path.equals(baseDir))).as("what was kept in %s", baseDir).isEmpty();
                }
            }
        }
    }
}
