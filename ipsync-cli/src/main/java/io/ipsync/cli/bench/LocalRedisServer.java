package io.ipsync.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} that the bench starts for its Redis scenarios when it is given no server
 * ({@code --redis}): on a free loopback port, with its folder in the workspace and persistence off
 * ({@code --save "" --appendonly no}: the bench measures the transport, not a disk), stopped at the
 * end with {@code SIGTERM}, and killed if it has not stopped within a bound.
 */
final class LocalRedisServer implements AutoCloseable {

    /** What the bench looks for on the {@code PATH} unless told otherwise. */
    static final String DEFAULT_BINARY = "redis-server";

    /** The settings that differ from the server's defaults, as the bench reports them. */
    static final String SETTINGS = "--bind 127.0.0.1 --save \"\" --appendonly no";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration PING_INTERVAL = Duration.ofMillis(20);

    /** Another process may take the free port found before the server binds it: then a new port is tried. */
    private static final int PORT_ATTEMPTS = 3;

    private final Process process;

    private final int port;

    private LocalRedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * The executable: {@code binary} itself where it names a path, else the first of that name on
     * the {@code PATH}.
     *
     * @throws BenchFailure saying how to install Redis, when there is none
     */
    static Path find(String binary) {
        if (binary.contains("/")) {
            Path given = Path.of(binary);
            if (Files.isRegularFile(given) && Files.isExecutable(given)) {
                return given;
            }
            throw missing(binary + " is not an executable file");
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String folder : path.split(java.io.File.pathSeparator)) {
            Path candidate = folder.isEmpty() ? null : Path.of(folder, binary);
            if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw missing(binary + " is not on the PATH");
    }

    private static BenchFailure missing(String problem) {
        return new BenchFailure("Cannot start a Redis server for the Redis scenarios: " + problem + ". Install Redis 6.2 or"
                + " later (Debian, Ubuntu: apt-get install redis-server; Fedora: dnf install redis; macOS: brew install"
                + " redis), give the path of redis-server with --redis-server, or a running server with --redis"
                + " redis://host:port");
    }

    /**
     * Starts {@code binary} with its files in {@code folder} and waits until it answers {@code PING}.
     *
     * @throws BenchFailure with the server's output when it exits or does not answer in time
     */
    static LocalRedisServer start(Path binary, Path folder) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Path log = folder.resolve("redis-server-" + port + ".log");
            Process process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder.toString(),
                    "--daemonize", "no"))
                    .redirectErrorStream(true).redirectOutput(Redirect.to(log.toFile())).start();
            LocalRedisServer server = new LocalRedisServer(process, port);
            if (server.awaitPong()) {
                return server;
            }
            server.close();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!output.contains("Address already in use") || attempt == PORT_ATTEMPTS) {
                throw new BenchFailure(binary + " on port " + port + (process.isAlive() ? " did not answer within "
                        + START_TIMEOUT.toSeconds() + " s" : " exited with status " + process.exitValue())
                        + "; it said: " + output.strip());
            }
        }
    }

    /** {@code redis://127.0.0.1:<port>} */
    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    private boolean awaitPong() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (process.isAlive() && System.nanoTime() - deadline < 0) {
            if (answersPing()) {
                return true;
            }
            Thread.sleep(PING_INTERVAL.toMillis()); // the server gives no other sign that it listens
        }
        return false;
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return "+PONG".equals(in.readLine());
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Stops the server ({@code SIGTERM}; {@code SIGKILL} after a bound). An interrupt kills it at once and is kept. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
