package sh.oso.korb.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.testing.EmbeddedKafka;

/**
 * The memory table: whole clusters in the reference's 256Mi pod. korb runs as the main table runs it (bin/korb, the
 * class-data sharing archive, {@code JAVA_OPTS=-XX:MaxRAM=256m}) against one in-JVM broker as the main table's, on
 * two clusters in turn: wide groups (1,000 groups x 1,000 partitions, a million offsets: snapshot, rollback,
 * verify, reset) and many groups (10,000 x 24: snapshot, rollback and verify, each listing the groups and with
 * --all-groups). A run that fails (out of heap, an option this build does not have, the time limit) is a row that
 * says so, and the benchmark goes on: the table shows where korb stands, before and after the work that makes a
 * run's memory independent of the number of offsets.
 */
final class MemoryBenchmark {

    /** G groups with committed offsets on T topics x P partitions each. */
    record Shape(int groups, int topics, int partitions) {

        /** {@code 1000x10x100}: groups x topics x partitions per topic. */
        static Shape parse(String text) {
            String[] parts = text.replace("_", "").split("x");
            if (parts.length != 3) {
                throw new IllegalArgumentException("a size is GROUPSxTOPICSxPARTITIONS, e.g. 1000x10x100, not " + text);
            }
            return new Shape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        }

        /** The groups times {@code scale}, at least one; the topics and partitions, the cluster's, stay. */
        Shape scaled(double scale) {
            return new Shape((int) Math.max(1, Math.round(groups * scale)), topics, partitions);
        }

        int partitionsPerGroup() {
            return topics * partitions;
        }

        long offsets() {
            return (long) groups * partitionsPerGroup();
        }
    }

    /**
     * The table's two clusters and their timed runs per job.
     *
     * @param limit  a korb run still going after this long is stopped
     * @param podMib the pod's memory limit, which the JVM is given as its RAM: 256, the reference's; less to see a
     *               run run out of heap at a small size
     */
    record Sizes(Shape wide, int wideRuns, Shape many, int manyRuns, Duration limit, int podMib) {

        /** What bin/korb is given in JAVA_OPTS: at 256, the main table's {@link KorbStart#POD_MEMORY}. */
        String podMemory() {
            return "-XX:MaxRAM=" + podMib + "m";
        }
    }

    enum Operation {
        SNAPSHOT,
        ROLLBACK,
        VERIFY,
        RESET;

        String command() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a run names its groups. */
    enum Selection {
        LISTED("listed", "`--consumer-groups`"),
        ALL("all", "`--all-groups`");

        final String key;
        final String label;

        Selection(String key, String label) {
            this.key = key;
            this.label = label;
        }

        List<String> arguments(Workload workload) {
            return this == LISTED ? KorbProcess.listing(workload.groups()) : List.of("--all-groups");
        }
    }

    record Job(Operation operation, Selection selection) {
        String key() {
            return operation.command() + "-" + selection.key;
        }
    }

    /**
     * One korb process: how it ended, the reason and message korb gave in its --results-dir (empty when it wrote
     * none), whether an OutOfMemoryError is on its stderr, and what reading the offsets back found.
     */
    record Run(ChildProcess.Result result, String reason, String message, boolean heapRanOut, String check) {

        /** Where a message is cut in the table: some name every option to check. */
        private static final int MESSAGE = 120;

        /** The exit code, and when it is not 0 what went wrong, in a few words. */
        String outcome(Duration limit) {
            if (result.stopped()) {
                return "stopped after " + limit.toSeconds() + " s";
            }
            if (result.exitCode() == 0) {
                return "0";
            }
            if (reason.equals("OutOfMemory")) {
                return result.exitCode() + ": out of memory";
            }
            if (heapRanOut) {
                // e.g. in the Kafka client's own thread, which korb then reports as the broker not answering
                return result.exitCode() + ": out of memory (an OutOfMemoryError on stderr; korb's reason: "
                        + (reason.isEmpty() ? "none" : reason) + ")";
            }
            String said =
                    message.isEmpty() ? reason : message.lines().findFirst().orElse("");
            if (said.length() > MESSAGE) {
                said = said.substring(0, MESSAGE) + "…";
            }
            return result.exitCode() + (said.isEmpty() ? "" : ": " + said);
        }
    }

    /** One job's timed runs at one size; none, and {@code notRun} says why, when it could not run. */
    record Row(Shape shape, Job job, List<Run> runs, String notRun) {}

    /**
     * @param heapMaxMb the heap limit the JVM chose, by subcommand
     * @param notes     what a reader must know about particular rows
     */
    record Table(List<Row> rows, Map<String, Long> heapMaxMb, List<String> notes, Sizes sizes, Duration took) {}

    /**
     * The memory a snapshot is taken with when none in the pod's memory held the offsets, so that rollback and
     * verify are still measured: the JVM sizes its heap from it as from the pod's (the launcher's
     * MaxRAMPercentage), and JAVA_OPTS's later -XX:MaxRAM wins over the start's.
     */
    static final String SEED_MEMORY = "-XX:MaxRAM=4g";

    private final EmbeddedKafka kafka;
    private final KorbProcess korb;
    private final Path work;
    private final Duration limit;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private MemoryBenchmark(EmbeddedKafka kafka, KorbProcess korb, Path work, Duration limit) {
        this.kafka = kafka;
        this.korb = korb;
        this.work = work;
        this.limit = limit;
    }

    static Table run(BenchConfig config, Path work) throws Exception {
        long start = System.nanoTime();
        Sizes sizes = config.memory();
        List<Cluster> clusters = List.of(
                new Cluster(
                        "wide",
                        sizes.wide(),
                        sizes.wideRuns(),
                        jobs(List.of(Operation.values()), List.of(Selection.LISTED))),
                new Cluster(
                        "many",
                        sizes.many(),
                        sizes.manyRuns(),
                        jobs(
                                List.of(Operation.SNAPSHOT, Operation.ROLLBACK, Operation.VERIFY),
                                List.of(Selection.LISTED, Selection.ALL))));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(1)) {
            Path jar = config.korbJar().toAbsolutePath();
            KorbProcess korb = new KorbProcess(
                    jar,
                    kafka.bootstrapServers(),
                    work,
                    KorbStart.image(jar, work.resolve("korb.jsa"), sizes.podMemory()));
            korb.trainClassDataSharing(kafka);
            Map<String, Long> heap = new LinkedHashMap<>();
            for (Operation operation : Operation.values()) {
                heap.put(operation.command(), korb.heapMaxMb(operation.command()));
            }
            System.out.println("heap max the JVM chooses, MiB: " + heap);
            MemoryBenchmark benchmark = new MemoryBenchmark(kafka, korb, work, sizes.limit());
            for (Cluster cluster : clusters) {
                benchmark.measure(cluster);
            }
            return new Table(benchmark.rows, heap, benchmark.notes, sizes, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** One size: its groups' prefix, its timed runs per job, and its jobs in the order they run. */
    private record Cluster(String prefix, Shape shape, int runs, List<Job> jobs) {}

    private static List<Job> jobs(List<Operation> operations, List<Selection> selections) {
        List<Job> jobs = new ArrayList<>();
        operations.forEach(operation -> selections.forEach(selection -> jobs.add(new Job(operation, selection))));
        return jobs;
    }

    private void measure(Cluster cluster) throws Exception {
        Shape shape = cluster.shape();
        System.out.printf(
                "%n== memory: %,d groups x %d topics x %d partitions (%,d offsets)%n",
                shape.groups(), shape.topics(), shape.partitions(), shape.offsets());
        long start = System.nanoTime();
        Workload workload = new Workload(kafka, cluster.prefix(), shape.groups(), shape.topics(), shape.partitions());
        Sized sized = new Sized(cluster, workload);
        workload.commit(sized.original);
        System.out.printf("  set up in %.0f s%n", (System.nanoTime() - start) / 1e9);
        // One untimed run of each job first, as in the main table: the broker's own JIT.
        for (Job job : cluster.jobs()) {
            sized.once(job, 0);
        }
        for (Job job : cluster.jobs()) {
            List<Run> runs = new ArrayList<>();
            String notRun = "";
            for (int run = 1; run <= cluster.runs(); run++) {
                Optional<Run> done = sized.once(job, run);
                if (done.isEmpty()) {
                    notRun = "not run: no snapshot held the offsets";
                    break;
                }
                runs.add(done.get());
            }
            rows.add(new Row(shape, job, runs, notRun));
        }
        long deleting = System.nanoTime();
        workload.deleteGroups();
        System.out.printf(
                "  groups deleted in %.0f s; this size took %.0f s%n",
                (System.nanoTime() - deleting) / 1e9, (System.nanoTime() - start) / 1e9);
    }

    /** The runs at one size: its workload, the offsets it started with, and the snapshot rollbacks go back to. */
    private final class Sized {

        private final Cluster cluster;
        private final Workload workload;
        private final Map<String, Map<TopicPartition, Long>> original;
        /** The first snapshot that held every offset, by how it named the groups (the listed ones run first). */
        private final Map<Selection, String> held = new LinkedHashMap<>();

        private boolean seeded;

        Sized(Cluster cluster, Workload workload) {
            this.cluster = cluster;
            this.workload = workload;
            this.original = workload.state(0);
        }

        /**
         * Run {@code run} of {@code job} (0: the warm-up), checked by reading the offsets back; the offsets are the
         * original ones again afterwards, whatever the run did. Empty when a rollback or verify has no snapshot.
         */
        Optional<Run> once(Job job, int run) throws Exception {
            String name = workload.prefix() + "-" + job.key() + "-" + run;
            Path results = work.resolve(name + "-results");
            // state(seed) differs from state(0) on every partition for every seed from -1 to 15
            int seed = run == 0 ? -1 : run;
            long offsets = workload.offsets();
            ChildProcess.Result result;
            String check;
            boolean moved; // whether the offsets read back are not the original ones
            switch (job.operation()) {
                case SNAPSHOT -> {
                    result = korb(job, List.of("snapshot", "--snapshot-id", name), results, name);
                    boolean holds = result.exitCode() == 0 && korb.snapshotHolds(name, original);
                    if (holds) {
                        held.putIfAbsent(job.selection(), name);
                    }
                    check = result.exitCode() != 0
                            ? "no snapshot"
                            : holds ? "holds every offset" : "does not hold the offsets committed";
                    moved = false;
                }
                case ROLLBACK -> {
                    Optional<String> to = target(job.selection());
                    if (to.isEmpty()) {
                        return Optional.empty();
                    }
                    workload.commit(workload.state(seed));
                    result = korb(job, List.of("rollback", "--snapshot-id", to.get()), results, name);
                    long differing = workload.differences(original);
                    check = differing == 0
                            ? "every offset restored"
                            : String.format(Locale.ROOT, "%,d of %,d restored", offsets - differing, offsets);
                    moved = differing != 0;
                }
                case VERIFY -> {
                    Optional<String> to = target(job.selection());
                    if (to.isEmpty()) {
                        return Optional.empty();
                    }
                    result = korb(job, List.of("verify", "--snapshot-id", to.get()), results, name);
                    String matched = read(results.resolve("matched"));
                    // verify changes nothing: the offsets are the snapshot's, and it must say they match
                    boolean same = workload.differences(original) == 0;
                    moved = !same;
                    check = matched.isEmpty()
                            ? "no result"
                            : matched.equals(String.valueOf(same))
                                    ? (same ? "matched, as read back" : "differences, as read back")
                                    : "says matched=" + matched + ", read back: " + (same ? "the same" : "not");
                }
                case RESET -> {
                    workload.commit(workload.awayFromStart(seed));
                    result = korb(
                            job, List.of("reset", "--to-earliest", "--snapshot-id", name + "-undo"), results, name);
                    long differing = workload.differences(workload.uniform(0));
                    check = differing == 0
                            ? "every offset at the log start"
                            : String.format(Locale.ROOT, "%,d of %,d at the log start", offsets - differing, offsets);
                    moved = true;
                }
                default -> throw new IllegalStateException("unknown operation " + job.operation());
            }
            if (moved) {
                workload.commit(original); // the next run starts from the snapshot's offsets again
            }
            Run done = new Run(
                    result,
                    read(results.resolve("reason")),
                    read(results.resolve("message")),
                    heapRanOut(result.stderr()),
                    check);
            System.out.printf(
                    "  %-16s %-7s %8.2f s %6s  exit %s; %s%n",
                    job.key(),
                    run == 0 ? "warm-up" : "run " + run,
                    result.seconds(),
                    result.peakRssKb() < 0 ? "n/a" : result.peakRssKb() / 1024 + " MB",
                    done.outcome(limit),
                    check);
            return Optional.of(done);
        }

        /**
         * The snapshot a run naming its groups by {@code selection} rolls back to and verifies against: as a user
         * would, one taken the same way, else another. When no snapshot in the pod's memory held the offsets, one
         * taken once with {@value #SEED_MEMORY}, so that rollback and verify are measured all the same.
         */
        private Optional<String> target(Selection selection) throws Exception {
            if (held.isEmpty() && !seeded) {
                seeded = true;
                String id = workload.prefix() + "-seed";
                ChildProcess.Result result = korb.run(
                        List.of("snapshot", "--snapshot-id", id),
                        KorbProcess.listing(workload.groups()),
                        id,
                        Map.of("JAVA_OPTS", SEED_MEMORY),
                        limit);
                System.out.printf(
                        "  snapshot with %s: exit %d in %.2f s%n", SEED_MEMORY, result.exitCode(), result.seconds());
                if (result.exitCode() == 0 && korb.snapshotHolds(id, original)) {
                    held.put(Selection.LISTED, id);
                    notes.add(String.format(
                            Locale.ROOT,
                            "%,d × %,d: no snapshot in the pod's memory held the offsets; rollback and verify ran"
                                    + " against one taken with `JAVA_OPTS=%s`.",
                            cluster.shape().groups(),
                            cluster.shape().partitionsPerGroup(),
                            SEED_MEMORY));
                }
            }
            return Optional.ofNullable(held.get(selection))
                    .or(() -> held.values().stream().findFirst());
        }

        private ChildProcess.Result korb(Job job, List<String> args, Path results, String name)
                throws IOException, InterruptedException {
            List<String> full = new ArrayList<>(args);
            full.addAll(List.of("--results-dir", results.toString()));
            return korb.run(full, job.selection().arguments(workload), name, Map.of(), limit);
        }
    }

    private static boolean heapRanOut(Path stderr) throws IOException {
        if (!Files.exists(stderr)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(stderr, StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(line -> line.contains("java.lang.OutOfMemoryError"));
        }
    }

    /** A result korb wrote, or "" when it wrote none. */
    private static String read(Path result) throws IOException {
        return Files.exists(result) ? Files.readString(result).trim() : "";
    }
}
