package sh.oso.korb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.testing.EmbeddedKafka;

/**
 * The executor as whole processes, started as {@link KorbStart} says: by default as the container image runs it,
 * through bin/korb (its JVM options) with a class-data sharing archive trained on a rollback --verify, as the
 * image build does, and the memory of the reference's 256Mi pod.
 */
final class KorbProcess {

    /** Groups per argument: 10,000 ids in one argument would pass Linux's 128 KiB limit for one. */
    private static final int GROUPS_PER_ARGUMENT = 1_000;
    /**
     * The heap bin/korb runs with in that pod, as the Dockerfile dumps the archive: a JVM whose heap is laid out
     * otherwise (another collector, a heap over 4 GiB) maps the archive only in part and starts slower.
     */
    private static final List<String> DUMP_HEAP =
            List.of(KorbStart.POD_MEMORY, "-XX:MaxRAMPercentage=70", "-XX:+UseSerialGC");

    private final Path jar;
    private final String bootstrapServers;
    private final Path work;
    private final Path snapshots;
    private final Path archive;
    private final KorbStart start;

    /** korb as the container image runs it, its archive in {@code work} ({@link #trainClassDataSharing}). */
    KorbProcess(Path jar, String bootstrapServers, Path work) {
        this(jar, bootstrapServers, work, KorbStart.image(jar.toAbsolutePath(), work.resolve("korb.jsa")));
    }

    KorbProcess(Path jar, String bootstrapServers, Path work, KorbStart start) {
        this.jar = jar.toAbsolutePath();
        this.bootstrapServers = bootstrapServers;
        this.work = work;
        this.snapshots = work.resolve("snapshots");
        this.archive = work.resolve("korb.jsa");
        this.start = start;
    }

    KorbStart start() {
        return start;
    }

    /**
     * Builds the class-data sharing archive the timed runs share as the image build does: the class list of a
     * real snapshot and rollback --verify ({@link #recordClassList}), dumped into a static archive.
     */
    void trainClassDataSharing(EmbeddedKafka kafka) throws Exception {
        Path classList = work.resolve("korb.classlist");
        recordClassList(kafka, classList);
        List<String> dump = new ArrayList<>(List.of("java"));
        dump.addAll(DUMP_HEAP);
        dump.addAll(List.of(
                "-Xshare:dump",
                "-XX:SharedClassListFile=" + classList,
                "-XX:SharedArchiveFile=" + archive,
                "-cp",
                jar.toString()));
        ChildProcess.Result dumped = ChildProcess.run(dump, Map.of(), work, "cds-dump");
        if (dumped.exitCode() != 0 || !Files.exists(archive)) {
            throw new IllegalStateException("no class-data sharing archive: " + dumped.describe());
        }
    }

    /**
     * Writes the names of the classes a real snapshot and rollback --verify of a few groups load, through
     * bin/korb, to {@code classList}: what the image build dumps into its class-data sharing archive.
     */
    void recordClassList(EmbeddedKafka kafka, Path classList) throws Exception {
        train(kafka, "-XX:DumpLoadedClassList=" + classList.toAbsolutePath());
        if (!Files.exists(classList)) {
            throw new IllegalStateException("the JVM wrote no class list to " + classList);
        }
    }

    /**
     * The training run of the class list and of the image's ahead-of-time cache: a real snapshot of a few groups,
     * then a rollback --verify of them whose JVM runs with {@code trainingOption}.
     */
    void train(EmbeddedKafka kafka, String trainingOption) throws Exception {
        Workload training = new Workload(kafka, "training", 5, 2, 3);
        training.commit(training.state(0));
        require(run(List.of("snapshot", "--snapshot-id", "training"), training, "training-snapshot", Map.of()));
        training.commit(training.state(1));
        require(run(
                List.of("rollback", "--snapshot-id", "training", "--verify"),
                training,
                "training-rollback",
                Map.of("JAVA_OPTS", trainingOption)));
        // gone again, so that a run with --all-groups sees only the groups it measures
        training.deleteGroups();
    }

    double jvmStartSeconds(int runs) throws Exception {
        Measurement version = new Measurement();
        for (int run = 0; run < runs; run++) {
            version.add(ChildProcess.run(
                    command(List.of("--version")), environment(Map.of()), work, start.key() + "-version-" + run));
        }
        return version.median();
    }

    ChildProcess.Result snapshot(Workload workload, String id) throws Exception {
        return run(List.of("snapshot", "--snapshot-id", id), workload, id, Map.of());
    }

    ChildProcess.Result rollback(Workload workload, String id, int run) throws Exception {
        return run(
                List.of("rollback", "--snapshot-id", id),
                workload,
                workload.prefix() + "-korb-rollback-" + run,
                Map.of());
    }

    ChildProcess.Result verify(Workload workload, String id, int run) throws Exception {
        return run(
                List.of(
                        "verify",
                        "--snapshot-id",
                        id,
                        "--results-dir",
                        work.resolve(workload.prefix() + "-verify-" + run).toString()),
                workload,
                workload.prefix() + "-korb-verify-" + run,
                Map.of());
    }

    boolean verified(String prefix, int run) throws IOException {
        return Files.readString(work.resolve(prefix + "-verify-" + run).resolve("matched"))
                .equals("true");
    }

    /** Whether the stored snapshot holds exactly {@code expected}. */
    boolean snapshotHolds(String id, Map<String, Map<TopicPartition, Long>> expected) throws IOException {
        JsonNode groups = Benchmark.json(snapshots.resolve(id + ".json")).path("groups");
        int seen = 0;
        for (Map.Entry<String, Map<TopicPartition, Long>> group : expected.entrySet()) {
            for (Map.Entry<TopicPartition, Long> partition : group.getValue().entrySet()) {
                JsonNode offset = groups.path(group.getKey())
                        .path("topics")
                        .path(partition.getKey().topic())
                        .path(String.valueOf(partition.getKey().partition()))
                        .path("offset");
                if (!offset.isNumber() || offset.asLong() != partition.getValue()) {
                    return false;
                }
                seen++;
            }
        }
        return seen > 0 && groups.size() == expected.size();
    }

    private ChildProcess.Result run(List<String> args, Workload workload, String name, Map<String, String> extra)
            throws Exception {
        return run(args, listing(workload.groups()), name, extra, Duration.ofHours(1));
    }

    /**
     * korb {@code args} on the groups {@code selection} names ({@link #listing}, or {@code --all-groups}), against
     * the broker and the snapshot directory, {@code extra} added to the environment (its JAVA_OPTS after the
     * start's), stopped when it is still running after {@code limit}.
     */
    ChildProcess.Result run(
            List<String> args, List<String> selection, String name, Map<String, String> extra, Duration limit)
            throws IOException, InterruptedException {
        List<String> command = command(args);
        command.addAll(List.of("--bootstrap-servers", bootstrapServers, "--pvc-path", snapshots.toString()));
        command.addAll(selection);
        return ChildProcess.run(command, environment(extra), work, start.key() + "-" + name, limit);
    }

    /** {@code --consumer-groups} with the groups, {@value #GROUPS_PER_ARGUMENT} to an argument. */
    static List<String> listing(List<String> groups) {
        List<String> arguments = new ArrayList<>(List.of("--consumer-groups"));
        for (int from = 0; from < groups.size(); from += GROUPS_PER_ARGUMENT) {
            arguments.add(String.join(",", groups.subList(from, Math.min(groups.size(), from + GROUPS_PER_ARGUMENT))));
        }
        return arguments;
    }

    /**
     * The heap limit, in MiB, the JVM chooses for {@code korb subcommand} as this start runs it: the launcher picks
     * its JVM options by subcommand, and {@code --version} keeps them; MaxHeapSize from -XX:+PrintFlagsFinal.
     */
    long heapMaxMb(String subcommand) throws IOException, InterruptedException {
        ChildProcess.Result flags = ChildProcess.run(
                command(List.of(subcommand, "--version")),
                environment(Map.of("JAVA_OPTS", "-XX:+PrintFlagsFinal")),
                work,
                start.key() + "-" + subcommand + "-flags");
        for (String line : Files.readAllLines(flags.stdout())) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 4 && words[1].equals("MaxHeapSize")) {
                return Long.parseLong(words[3]) / (1024 * 1024);
            }
        }
        throw new IllegalStateException("no MaxHeapSize in the JVM's flags: " + flags.describe());
    }

    private List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(start.command());
        command.addAll(args);
        return command;
    }

    /** The start's environment, with the JAVA_OPTS of {@code extra} after its own. */
    private Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> environment = new java.util.HashMap<>(start.environment());
        environment.putAll(extra);
        String options =
                (start.environment().getOrDefault("JAVA_OPTS", "") + " " + extra.getOrDefault("JAVA_OPTS", "")).trim();
        environment.put("JAVA_OPTS", options);
        return environment;
    }

    private static void require(ChildProcess.Result result) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException("korb failed: " + result.describe());
        }
    }
}
