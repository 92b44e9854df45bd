package io.ipsync.cli.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Scenario cli-start: a one-message put as shell scripts run it, whole processes timed from
 * outside, from start to exit: the launcher beside the jar ({@code ipsync put DIR JSON}, as
 * README tells users to run the CLI), plain {@code java -jar ipsync.jar put DIR JSON}, and
 * {@code python3} putting the same message through the project's Python peer
 * ({@code jk_peer.py queue-put}, the file protocol of jk_interprocesssync; it travels in the jar
 * and is written to the workspace). The three take turns, so a change in the machine's speed
 * falls on all of them alike; the first round is not counted. Figures are medians; the ratio is
 * the median of each round's launcher ÷ python3. CPU time (user + system) is the finished
 * child's, as Linux adds it to this process's {@code cutime} and {@code cstime} (in 10 ms
 * steps); where {@code /proc} does not tell it, there are no CPU rows. The launcher and
 * {@code java -jar} run this JVM's java. Without python3, the Python rows are left out.
 */
final class CliStartRun implements ScenarioRun {

    /** About 90 bytes, as the other scenarios' messages. */
    private static final String MESSAGE = "{\"id\":1,\"task\":\"resize\",\"note\":\"about ninety bytes of JSON per one message\"}";

    private static final String PYTHON_PEER = "jk_peer.py";

    private static final long LONGEST_RUN_SECONDS = 60;

    @Override
    public void run(BenchContext context) throws Exception {
        int rounds = context.plan().cliStartRounds();
        Path folder = context.workspace().newFolder("cli-start");
        Path jar = Path.of(ChildJvm.classPath());
        Path launcher = jar.resolveSibling("ipsync");
        if (!Files.isRegularFile(jar) || !Files.isExecutable(launcher)) {
            throw new BenchFailure("cli-start times the launcher beside ipsync.jar, and there is none at " + launcher
                    + ": run the bench from the jar that package built (java -jar ipsync-cli/target/ipsync.jar bench)");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path peer = folder.resolve(PYTHON_PEER);
        PythonPeerScript.copy(peer);
        List<Contender> contenders = new ArrayList<>();
        contenders.add(new Contender("launcher", "launcherWall", "launcherCpu", "ipsync put (launcher)",
                List.of(launcher.toString(), "put", Files.createDirectory(folder.resolve("launcher")).toString(), MESSAGE)));
        contenders.add(new Contender("java -jar", "javaJarWall", "javaJarCpu", "java -jar ipsync.jar put",
                List.of(java.toString(), "-jar", jar.toString(), "put", Files.createDirectory(folder.resolve("java-jar")).toString(),
                        MESSAGE)));
        Contender python = new Contender("python3", "pythonWall", "pythonCpu", "python3 jk_peer.py queue-put",
                List.of("python3", peer.toString(), "queue-put", Files.createDirectory(folder.resolve("python")).toString(),
                        MESSAGE));
        if (python.startsHere()) {
            contenders.add(python);
        } else {
            context.say("cli-start: no python3 on the PATH: the Python rows are left out");
        }
        context.say("cli-start: one-message puts, %d rounds of %s in turn (one more not counted), Java %s",
                rounds, String.join(", ", contenders.stream().map(contender -> contender.name).toList()),
                System.getProperty("java.runtime.version"));
        boolean cpuKnown = ChildrenCpu.nanos() >= 0;
        for (int round = -1; round < rounds; round++) {
            for (Contender contender : contenders) {
                contender.runOnce(folder, round >= 0);
            }
        }
        for (Contender contender : contenders) {
            context.add(Figure.of(Scenario.CLI_START, contender.wallKey, contender.label + ", wall time",
                    median(contender.wallNanos) / 1e6, Figure.MILLISECONDS));
            if (cpuKnown) {
                context.add(Figure.of(Scenario.CLI_START, contender.cpuKey, contender.label + ", CPU time",
                        median(contender.cpuNanos) / 1e6, Figure.MILLISECONDS));
            }
        }
        if (contenders.contains(python)) {
            double[] ratios = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                ratios[round] = (double) contenders.get(0).wallNanos.get(round) / python.wallNanos.get(round);
            }
            context.add(Figure.of(Scenario.CLI_START, "launcherToPython", "launcher ÷ python3, wall time",
                    median(ratios), Figure.TIMES).withTarget("≤ 1"));
        }
        context.workspace().remove(folder);
    }

    private static double median(List<Long> values) {
        return median(values.stream().mapToDouble(Long::doubleValue).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** One of the commands timed, and its times so far. Not thread-safe. */
    private static final class Contender {

        final String name;
        final String wallKey;
        final String cpuKey;
        final String label;
        final List<String> command;
        final List<Long> wallNanos = new ArrayList<>();
        final List<Long> cpuNanos = new ArrayList<>();

        Contender(String name, String wallKey, String cpuKey, String label, List<String> command) {
            this.name = name;
            this.wallKey = wallKey;
            this.cpuKey = cpuKey;
            this.label = label;
            this.command = command;
        }

        /** Whether the command's program can be started here (python3 may be missing). */
        boolean startsHere() {
            try {
                Process process = new ProcessBuilder(command.get(0), "--version").redirectErrorStream(true).start();
                process.getInputStream().transferTo(OutputStream.nullOutputStream());
                return process.waitFor(LONGEST_RUN_SECONDS, TimeUnit.SECONDS) && process.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void runOnce(Path folder, boolean counted) throws IOException, InterruptedException {
            Path err = folder.resolve("stderr.txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(Redirect.DISCARD)
                    .redirectError(err.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().remove("IPSYNC_JAVA_OPTS");
            long cpuBefore = ChildrenCpu.nanos();
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(LONGEST_RUN_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new BenchFailure("cli-start: " + label + " did not end within " + LONGEST_RUN_SECONDS + " s");
            }
            long wall = System.nanoTime() - start;
            long cpu = ChildrenCpu.nanos() - cpuBefore;
            if (process.exitValue() != 0) {
                throw new BenchFailure("cli-start: " + label + " exited " + process.exitValue() + ": "
                        + Files.readString(err, StandardCharsets.UTF_8).strip());
            }
            if (counted) {
                wallNanos.add(wall);
                cpuNanos.add(cpu);
            }
        }
    }
}
