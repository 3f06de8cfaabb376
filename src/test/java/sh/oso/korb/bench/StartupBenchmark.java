package sh.oso.korb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.KafkaProcess;

/**
 * The start-up table: everyday sizes, where starting the JVM is most of a run, for each way of starting korb
 * ({@code java -jar} and the launcher, on JDK 17 and on JDK 25, and the built image's command line) beside the
 * Kafka tool, all whole processes against a broker in a JVM of its own. Before the timed runs of a size, one untimed snapshot and rollback by each start:
 * it warms the broker up and makes the launchers' per-user caches, so the launchers' runs are their second ones.
 */
final class StartupBenchmark {

    /** One operation at one size: korb's runs by the label of their start, in the table's order, and the tool's. */
    record Row(String operation, int groups, int offsets, Map<String, Measurement> korb, Measurement tool) {}

    /** The rows, and the starts that could not be measured in this run: the reason by the label of their column. */
    record Table(List<Row> rows, Map<String, String> notMeasured) {}

    /** The start the Kafka tool is compared with in the table's last column. */
    static final String COMPARED = "launcher, JDK 25";

    private final BenchConfig config;
    private final EmbeddedKafka kafka;
    private final List<KorbProcess> korbs = new ArrayList<>();
    private final KafkaTool tool;
    private final Path work;

    private StartupBenchmark(BenchConfig config, EmbeddedKafka kafka, Path work, Optional<ImageContainer> container)
            throws IOException {
        this.config = config;
        this.kafka = kafka;
        this.work = work;
        for (KorbStart start : starts(config, work, container)) {
            korbs.add(new KorbProcess(config.korbJar(), kafka.bootstrapServers(), work, start));
        }
        this.tool = new KafkaTool(kafka.bootstrapServers(), work, Duration.ofSeconds(config.toolLimitSeconds()));
    }

    /** The ways of starting korb the table compares, in its column order (the image last, when there is one). */
    private static List<KorbStart> starts(BenchConfig config, Path work, Optional<ImageContainer> container)
            throws IOException {
        Path jar = config.korbJar().toAbsolutePath();
        List<KorbStart> starts = new ArrayList<>(List.of(
                KorbStart.javaJar("jar17", "`java -jar`, JDK 17", config.java17(), jar),
                KorbStart.javaJar("jar25", "`java -jar`, JDK 25", config.java25(), jar),
                KorbStart.launcher("launcher17", "launcher, JDK 17", config.java17(), jar, work.resolve("cache17")),
                KorbStart.launcher("launcher25", COMPARED, config.java25(), jar, work.resolve("cache25"))));
        if (container.isPresent()) {
            // the image's korb runs as uid 10001: the snapshot directory, shared by every start, must let it write
            Path snapshots = Files.createDirectories(work.resolve("snapshots"));
            Files.setPosixFilePermissions(snapshots, PosixFilePermissions.fromString("rwxrwxrwx"));
            starts.add(KorbStart.image(container.get(), snapshots));
        }
        return starts;
    }

    static Table run(BenchConfig config, Path work) throws Exception {
        List<Row> rows = new ArrayList<>();
        String image = ImageContainer.imageOf(config.korbJar());
        Optional<ImageContainer> container = ImageContainer.open(image, work);
        try (EmbeddedKafka kafka = KafkaProcess.start(work.resolve("broker.log"))) {
            StartupBenchmark benchmark = new StartupBenchmark(config, kafka, work, container);
            for (int groups : config.startupGroups()) {
                benchmark.measure(groups, rows);
            }
        } finally {
            if (container.isPresent()) {
                container.get().remove(work);
            }
        }
        Map<String, String> notMeasured =
                container.isPresent() ? Map.of() : Map.of(KorbStart.IMAGE_LABEL, ImageContainer.notMeasured(image));
        return new Table(rows, notMeasured);
    }

    private void measure(int groupCount, List<Row> rows) throws Exception {
        System.out.printf(
                "%n== start-up: %,d groups x %d topics x %d partitions%n",
                groupCount, config.topics(), config.partitions());
        Workload workload = new Workload(kafka, "s" + groupCount, groupCount, config.topics(), config.partitions());
        Map<String, Map<TopicPartition, Long>> original = workload.state(0);
        workload.commit(original);
        warmUp(workload, original);

        Map<String, Measurement> korbSnapshots = new LinkedHashMap<>();
        for (KorbProcess korb : korbs) {
            Measurement snapshots = new Measurement();
            for (int run = 1; run <= config.runs(); run++) {
                String id = snapshotId(workload, korb, run);
                snapshots.add(timed(korb.snapshot(workload, id), korb.start().label() + " snapshot"));
                Benchmark.require(korb.snapshotHolds(id, original), "korb's snapshot holds the offsets");
            }
            korbSnapshots.put(korb.start().label(), snapshots);
        }
        Measurement toolSnapshots = new Measurement();
        Path csv = work.resolve(workload.prefix() + "-export.csv");
        for (int run = 1; run <= config.runs(); run++) {
            String name = workload.prefix() + "-tool-snapshot-" + run;
            if (groupCount == 1) {
                toolSnapshots.add(timed(tool.describe(workload.groups().get(0), name), "Kafka tool describe"));
                continue;
            }
            ChildProcess.Result export = timed(tool.export(name), "Kafka tool export");
            toolSnapshots.add(export);
            Benchmark.require(
                    KafkaTool.exportHolds(export.stdout(), workload, original),
                    "the Kafka tool's export holds the offsets");
            Files.copy(export.stdout(), csv, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        rows.add(new Row("snapshot", groupCount, workload.offsets(), korbSnapshots, toolSnapshots));

        if (groupCount > 1) {
            rows.add(rollbacks(workload, original, csv));
        }
        workload.deleteGroups();
    }

    private Row rollbacks(Workload workload, Map<String, Map<TopicPartition, Long>> original, Path csv)
            throws Exception {
        Map<String, Measurement> korbRollbacks = new LinkedHashMap<>();
        for (KorbProcess korb : korbs) {
            Measurement rollbacks = new Measurement();
            for (int run = 1; run <= config.runs(); run++) {
                workload.commit(workload.state(run));
                rollbacks.add(timed(
                        korb.rollback(workload, snapshotId(workload, korb, 1), run),
                        korb.start().label() + " rollback"));
                Benchmark.require(workload.differences(original) == 0, "korb's rollback restored every offset");
            }
            korbRollbacks.put(korb.start().label(), rollbacks);
        }
        Measurement toolRollbacks = new Measurement();
        for (int run = 1; run <= config.runs(); run++) {
            workload.commit(workload.state(run));
            toolRollbacks.add(timed(
                    tool.resetFromFile(csv, workload.prefix() + "-tool-rollback-" + run),
                    "Kafka tool from-file execute"));
            Benchmark.require(workload.differences(original) == 0, "the Kafka tool's rollback restored every offset");
        }
        return new Row("rollback", workload.groups().size(), workload.offsets(), korbRollbacks, toolRollbacks);
    }

    /** One untimed snapshot and rollback by each start (see the class comment). */
    private void warmUp(Workload workload, Map<String, Map<TopicPartition, Long>> original) throws Exception {
        for (KorbProcess korb : korbs) {
            String id = workload.prefix() + "-warm-up-" + korb.start().key();
            Benchmark.require(korb.snapshot(workload, id).exitCode() == 0, "the warm-up snapshot succeeded");
            workload.commit(workload.state(-1));
            Benchmark.require(korb.rollback(workload, id, 0).exitCode() == 0, "the warm-up rollback succeeded");
        }
        Benchmark.require(workload.differences(original) == 0, "the warm-up rollbacks restored every offset");
    }

    private static String snapshotId(Workload workload, KorbProcess korb, int run) {
        return workload.prefix() + "-" + korb.start().key() + "-snap-" + run;
    }

    private static ChildProcess.Result timed(ChildProcess.Result result, String what) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException(what + " failed: " + result.describe());
        }
        System.out.printf("  %-36s %7.2f s%n", what, result.seconds());
        return result;
    }
}
