package io.ipsync.redis.test;

import io.ipsync.ChannelAddress;
import io.ipsync.redis.RedisSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SslOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} process for tests, on a free loopback port, with its data in a
 * temporary directory and every write forced to its append-only file
 * ({@code --appendonly yes --appendfsync always --save ""}), so that a restart keeps everything a
 * command was answered for.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServer redis = new RedisServer();
 *
 * JsonDataQueue orders = JsonDataQueue.open(redis.address("orders"), QueueOptions.DEFAULTS);
 * }</pre>
 *
 * <p>As an extension it starts before the test class's tests and stops after them (within a few
 * seconds, killed if need be). Where {@code redis-server} cannot be found (on the {@code PATH}, in
 * {@code /usr/bin}, or at {@code $REDIS_SERVER}), the tests are skipped with the reason shown; with
 * the environment variable {@code CI=true} they fail instead, so CI never passes by skipping.
 *
 * <p>{@link #restart()}, {@link #kill9()}, {@link #pause()} and {@link #resume()} play outages.
 * {@link #withTls()} makes a server that speaks TLS only, with a certificate of its own for
 * {@code 127.0.0.1} made by {@code openssl} ({@link #certificate()}). Not thread-safe: drive it
 * from the test's thread.
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final List<String> extraArguments;

    private final boolean tls;

    private final String password;

    private Path binary;

    private Path directory;

    private int port;

    private Process process;

    private RedisClient client;

    private StatefulRedisConnection<String, String> connection;

    /** A server with the default arguments. */
    public RedisServer() {
        this(List.of());
    }

    /**
     * A server with more {@code redis-server} arguments, such as {@code List.of("--requirepass", "secret")};
     * with {@code --requirepass}, {@link #redisUri()}, {@link #settings()} and {@link #commands()} use the password.
     */
    public RedisServer(List<String> extraArguments) {
        this(extraArguments, false);
    }

    private RedisServer(List<String> extraArguments, boolean tls) {
        this.tls = tls;
        this.extraArguments = List.copyOf(extraArguments);
        int passwordAt = this.extraArguments.indexOf("--requirepass");
        this.password = passwordAt >= 0 && passwordAt + 1 < this.extraArguments.size() ? this.extraArguments.get(passwordAt + 1)
                : null;
    }

    /**
     * A server that takes TLS connections only ({@code rediss://}), with a self-signed certificate
     * for {@code 127.0.0.1}: clients trust it through {@link #certificate()}. Skipped (or failed under
     * {@code CI=true}) where {@code openssl} is missing.
     */
    public static RedisServer withTls() {
        return new RedisServer(List.of(), true);
    }

    /** The PEM certificate of a {@linkplain #withTls() TLS server}, which clients must trust. */
    public Path certificate() {
        if (!tls) {
            throw new IllegalStateException("this server speaks plain Redis, not TLS");
        }
        return directory.resolve("server.crt");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /**
     * Starts the server (on the port and in the directory it had, if it ran before) and waits until
     * it answers {@code PING}.
     *
     * @throws org.opentest4j.TestAbortedException when {@code redis-server} is missing and {@code CI} is not {@code true}
     * @throws IllegalStateException when it is missing under {@code CI=true}, or does not start
     */
    public void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        if (binary == null) {
            binary = findBinary();
            directory = Files.createTempDirectory("ipsync-redis-test-");
            port = freePort();
        }
        List<String> command = new java.util.ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", directory.toString(), "--appendonly", "yes", "--appendfsync", "always",
                "--save", "", "--daemonize", "no", "--protected-mode", "no"));
        if (tls) {
            makeCertificate();
            command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port), "--tls-cert-file",
                    certificate().toString(), "--tls-key-file", directory.resolve("server.key").toString(),
                    "--tls-ca-cert-file", certificate().toString(), "--tls-auth-clients", "no"));
        }
        command.addAll(extraArguments);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis.log").toFile())).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answersPing()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + " on port " + port
                        + "; its log: " + log());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("redis-server did not answer PING on port " + port + " within "
                        + START_TIMEOUT + "; its log: " + log());
            }
            TimeUnit.MILLISECONDS.sleep(10); // polling a process that has no readiness signal
        }
    }

    /** Stops the server as an operator would ({@code SIGTERM}: it finishes its append-only file) and starts it again. */
    public void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    /** Kills the server with {@code SIGKILL}: no shutdown, what it wrote to its append-only file stays. */
    public void kill9() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Freezes the server ({@code SIGSTOP}): connections are accepted by the kernel but nothing answers. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a {@linkplain #pause() paused} server go on ({@code SIGCONT}). */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    /** The {@code redis-server} binary, for tests that start related processes (a Sentinel: {@code redis-server <conf> --sentinel}). */
    public Path binary() {
        return binary;
    }

    /** {@code redis://127.0.0.1:<port>}, {@code rediss://} for a {@linkplain #withTls() TLS server} */
    public String uri() {
        return (tls ? "rediss" : "redis") + "://127.0.0.1:" + port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** The server as Lettuce takes it, with the password where it has one. */
    public RedisURI redisUri() {
        RedisURI redisUri = RedisURI.create(uri());
        if (password != null) {
            redisUri.setCredentialsProvider(new io.lettuce.core.StaticCredentialsProvider(null, password.toCharArray()));
        }
        return redisUri;
    }

    /** Settings for this server, to change further: {@code redis.settings().commandTimeout(...).build()}. */
    public RedisSettings.Builder settings() {
        return RedisSettings.builder().server(redisUri());
    }

    /** The address of a channel on this server with the transport's default settings. */
    public ChannelAddress address(String channel) {
        return ChannelAddress.parse(uri() + "/" + channel);
    }

    /** The address of a channel on this server with the given settings. */
    public ChannelAddress address(String channel, RedisSettings settings) {
        return new ChannelAddress(RedisSettings.TRANSPORT, channel, settings);
    }

    /**
     * Client options that trust a {@linkplain #withTls() TLS server}'s certificate (Lettuce's
     * defaults for a plain server).
     */
    public ClientOptions clientOptions() {
        if (!tls) {
            return ClientOptions.create();
        }
        return ClientOptions.builder().sslOptions(SslOptions.builder().trustManager(certificate().toFile()).build()).build();
    }

    /** Commands on a connection of the test's own, for looking at and changing keys as another program would. */
    public RedisCommands<String, String> commands() {
        if (client == null) {
            RedisURI withTimeout = redisUri();
            withTimeout.setTimeout(Duration.ofSeconds(10));
            client = RedisClient.create(withTimeout);
            client.setOptions(clientOptions());
        }
        if (connection == null || !connection.isOpen()) {
            connection = client.connect();
        }
        return connection.sync();
    }

    /**
     * How often the server ran a command since it started, calls from Lua scripts included
     * ({@code INFO commandstats}): {@code "xreadgroup"}, or a subcommand as {@code "xinfo|consumers"}.
     */
    public long commandCalls(String command) {
        String prefix = "cmdstat_" + command + ":calls=";
        return commands().info("commandstats").lines().filter(line -> line.startsWith(prefix))
                .mapToLong(line -> Long.parseLong(line.substring(prefix.length(), line.indexOf(',')))).sum();
    }

    /** Closes the connection and client behind {@link #commands()} (made again on the next call), so that none of their threads run. */
    public void disconnect() {
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            client = null;
            connection = null;
        }
    }

    /** Whether the server process is running (paused counts as running). */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server with {@code SIGTERM}, or {@code SIGKILL} after a few seconds; its data stays for {@link #start()}. */
    public void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            resume(); // a paused server cannot handle SIGTERM
        } catch (IOException e) {
            // it is killed below if it does not stop
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the server and removes its directory. */
    @Override
    public void close() {
        disconnect();
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (directory != null) {
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot remove the redis-server directory " + directory, e);
            }
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    private boolean answersPing() {
        if (tls) {
            return acceptsConnections(); // the plain PING below cannot speak TLS; a TLS server accepts once it is ready
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return "+PONG".equals(reply) || (reply != null && reply.startsWith("-NOAUTH")); // up, with a password
        } catch (IOException notYet) {
            return false;
        }
    }

    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** A self-signed key and certificate for 127.0.0.1 in the server's directory, made once. */
    private void makeCertificate() throws IOException, InterruptedException {
        if (Files.exists(certificate())) {
            return;
        }
        Process openssl;
        try {
            openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", directory.resolve("server.key").toString(), "-out", certificate().toString())
                    .redirectErrorStream(true).start();
        } catch (IOException noOpenssl) {
            missing("openssl cannot be run (" + noOpenssl.getMessage() + "), so no TLS certificate can be made");
            return;
        }
        openssl.getOutputStream().close();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!openssl.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || openssl.exitValue() != 0) {
            throw new IllegalStateException("openssl could not make a test certificate: " + output);
        }
    }

    private String log() {
        try {
            return Files.readString(directory.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static Path findBinary() {
        String configured = System.getenv("REDIS_SERVER");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (Files.isExecutable(path)) {
                return path;
            }
            return missing("REDIS_SERVER is " + configured + ", which is not an executable file");
        }
        String pathVariable = System.getenv("PATH") == null ? "" : System.getenv("PATH");
        for (String folder : (pathVariable + ":/usr/bin:/usr/local/bin").split(":")) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, "redis-server"))) {
                return Path.of(folder, "redis-server");
            }
        }
        return missing("redis-server is not on the PATH nor in /usr/bin or /usr/local/bin (install the Debian package"
                + " redis-server, or set REDIS_SERVER to its path)");
    }

    private static Path missing(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(reason + "; under CI=true the Redis tests must run, not be skipped");
        }
        Assumptions.abort(reason + "; skipping the Redis tests");
        return null; // never: abort throws
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return "RedisServer[" + uri() + "]";
    }
}
