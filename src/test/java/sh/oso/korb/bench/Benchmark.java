package sh.oso.korb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * korb against Kafka's own kafka-consumer-groups.sh (ConsumerGroupCommand), both as whole processes against one
 * in-JVM KRaft broker: snapshot, rollback and verify of G groups with committed offsets on T x P partitions,
 * each checked by reading the offsets back. Writes docs/benchmarks.md and docs/benchmarks.svg.
 * Run with {@code ./mvnw -Pbench -DskipTests verify} (options: {@code -Dbench.args="--groups 10,100"}); the
 * start-up table ({@code --startup-only}) and the memory table ({@code --memory-only}) are runs of their own.
 */
public final class Benchmark {

    private final BenchConfig config;
    private final EmbeddedKafka kafka;
    private final Path work;
    private final KorbProcess korb;
    private final KafkaTool tool;
    private final List<Report.Row> rows = new ArrayList<>();

    private Benchmark(BenchConfig config, EmbeddedKafka kafka, Path work) {
        this.config = config;
        this.kafka = kafka;
        this.work = work;
        this.korb = new KorbProcess(config.korbJar(), kafka.bootstrapServers(), work);
        this.tool = new KafkaTool(kafka.bootstrapServers(), work, Duration.ofSeconds(config.toolLimitSeconds()));
    }

    public static void main(String[] args) throws Exception {
        BenchConfig config = BenchConfig.parse(args);
        Path work = Files.createTempDirectory("korb-bench");
        if (config.startupOnly()) {
            StartupReport.write(config, StartupBenchmark.run(config, work), String.join(" ", args));
            System.exit(0);
        }
        if (config.memoryOnly()) {
            MemoryReport.write(config, MemoryBenchmark.run(config, work), String.join(" ", args));
            System.exit(0);
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(1)) {
            Benchmark benchmark = new Benchmark(config, kafka, work);
            benchmark.korb.trainClassDataSharing(kafka);
            double jvmStart = benchmark.korb.jvmStartSeconds(config.runs());
            System.out.printf("korb --version (JVM start, class loading, picocli): %.2f s%n", jvmStart);
            for (int groups : config.groupCounts()) {
                benchmark.measure(groups);
            }
            Report.write(config, benchmark.rows, jvmStart, String.join(" ", args));
        }
        System.exit(0);
    }

    private void measure(int groupCount) throws Exception {
        System.out.printf(
                "%n== %,d groups x %d topics x %d partitions%n", groupCount, config.topics(), config.partitions());
        Workload workload = new Workload(kafka, "g" + groupCount, groupCount, config.topics(), config.partitions());
        Map<String, Map<TopicPartition, Long>> original = workload.state(0);
        workload.commit(original);
        Path csv = work.resolve(workload.prefix() + "-export.csv");

        warmUp(workload, original);
        Measurement korbSnapshot = new Measurement();
        Measurement toolSnapshot = new Measurement();
        for (int run = 1; run <= config.runs(); run++) {
            Map<String, Long> before = BrokerRequests.snapshot();
            String id = workload.prefix() + "-snap-" + run;
            ChildProcess.Result result = korb.snapshot(workload, id);
            record(korbSnapshot, result, before, "korb snapshot");
            require(korb.snapshotHolds(id, original), "korb's snapshot holds the offsets");
        }
        for (int run = 1; run <= config.toolRuns(groupCount); run++) {
            Map<String, Long> before = BrokerRequests.snapshot();
            ChildProcess.Result result = tool.export(workload.prefix() + "-tool-export-" + run);
            record(toolSnapshot, result, before, "Kafka tool export");
            require(
                    KafkaTool.exportHolds(result.stdout(), workload, original),
                    "the Kafka tool's export holds the offsets");
            if (run == 1) {
                Files.copy(result.stdout(), csv);
            }
        }
        add("snapshot", workload, korbSnapshot, toolSnapshot);

        Measurement korbRollback = new Measurement();
        Measurement toolRollback = new Measurement();
        for (int run = 1; run <= config.runs(); run++) {
            workload.commit(workload.state(run));
            Map<String, Long> before = BrokerRequests.snapshot();
            record(korbRollback, korb.rollback(workload, workload.prefix() + "-snap-1", run), before, "korb rollback");
            require(workload.differences(original) == 0, "korb's rollback restored every offset");
        }
        Measurement korbVerify = new Measurement();
        for (int run = 1; run <= config.runs(); run++) {
            Map<String, Long> before = BrokerRequests.snapshot();
            ChildProcess.Result result = korb.verify(workload, workload.prefix() + "-snap-1", run);
            record(korbVerify, result, before, "korb verify");
            require(korb.verified(workload.prefix(), run), "korb's verify matched");
        }
        for (int run = 1; run <= config.toolRuns(groupCount); run++) {
            workload.commit(workload.state(run));
            Map<String, Long> before = BrokerRequests.snapshot();
            ChildProcess.Result result = tool.resetFromFile(csv, workload.prefix() + "-tool-rollback-" + run);
            record(toolRollback, result, before, "Kafka tool from-file execute");
            if (result.stopped()) {
                System.out.printf(
                        "  (stopped after %d s: %,d of %,d offsets restored)%n",
                        config.toolLimitSeconds(),
                        workload.offsets() - workload.differences(original),
                        workload.offsets());
                break;
            }
            // The tool exits 0 even when it skipped a group: only the offsets tell.
            require(workload.differences(original) == 0, "the Kafka tool's rollback restored every offset");
        }
        add("rollback", workload, korbRollback, toolRollback);
        add("verify", workload, korbVerify, new Measurement());

        workload.deleteGroups();
    }

    /**
     * One untimed run of each korb job. A broker answers requests it has not served for a while more slowly (its
     * own JIT): without this the first timed runs measure the broker. The Kafka tool's runs come after korb's,
     * on a broker at least as warm.
     */
    private void warmUp(Workload workload, Map<String, Map<TopicPartition, Long>> original) throws Exception {
        String id = workload.prefix() + "-warm-up";
        require(korb.snapshot(workload, id).exitCode() == 0, "the warm-up snapshot succeeded");
        workload.commit(workload.state(-1));
        require(korb.rollback(workload, id, 0).exitCode() == 0, "the warm-up rollback succeeded");
        require(korb.verify(workload, id, 0).exitCode() == 0, "the warm-up verify succeeded");
        require(workload.differences(original) == 0, "the warm-up rollback restored every offset");
    }

    private void record(Measurement measurement, ChildProcess.Result result, Map<String, Long> before, String what) {
        if (result.exitCode() != 0 && !result.stopped()) {
            throw new IllegalStateException(what + " failed: " + result.describe());
        }
        if (measurement.isEmpty()) {
            measurement.requests(BrokerRequests.between(before, BrokerRequests.snapshot()));
        }
        measurement.add(result);
        System.out.printf(
                "  %-30s %s%7.2f s  %4d MB%n",
                what, result.stopped() ? ">" : " ", result.seconds(), result.peakRssKb() / 1024);
    }

    private void add(String operation, Workload workload, Measurement korbRuns, Measurement toolRuns) {
        rows.add(new Report.Row(operation, workload.groups().size(), workload.offsets(), korbRuns, toolRuns));
    }

    static void require(boolean holds, String what) {
        if (!holds) {
            throw new IllegalStateException("check failed: " + what);
        }
    }

    static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }
}
