package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.consumer.group.KafkaConsumerGroups;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;

/**
 * korb reset against the real broker, beside Kafka's own kafka-consumer-groups on the same broker: each strategy
 * moves a group exactly where Kafka's tool would (records with known timestamps, a time after the last record, a
 * partition whose first records were deleted), and its undo snapshot, rolled back with --exact, restores exactly the
 * state before. Kafka's CSV export goes back in with --from-file; a new group is seeded from another; a dry run, an
 * active group, malformed input and a missing store change nothing.
 */
class ResetCommandTest extends KafkaCommandTest {

    /** 2023-11-14T22:13:20Z: the records' timestamps are this plus a few seconds. */
    private static final long T0 = 1_700_000_000_000L;

    private String clock;
    private String replayer;
    private TopicPartition clock0;
    private TopicPartition clock1;
    private Map<TopicPartition, Long> before;

    @BeforeEach
    void recordsWithKnownTimestamps() throws Exception {
        clock = "clock-" + kafka.suffix;
        replayer = "replayer-" + kafka.suffix;
        clock0 = new TopicPartition(clock, 0);
        clock1 = new TopicPartition(clock, 1);
        EmbeddedKafka.shared().createTopicKeepingOldRecords(clock, 2);
        // partition 0: offsets 0..3 at T0+1s..T0+4s; partition 1: offsets 0..1 at T0+1.5s and T0+2.5s
        EmbeddedKafka.shared().produceWithTimestamps(clock, 0, T0 + 1_000, T0 + 2_000, T0 + 3_000, T0 + 4_000);
        EmbeddedKafka.shared().produceWithTimestamps(clock, 1, T0 + 1_500, T0 + 2_500);
        EmbeddedKafka.shared().commit(replayer, Map.of(clock0, 3L, clock1, 2L));
        before = committed(replayer);
    }

    static Stream<Arguments> strategies() {
        String mid = kafkasForm(T0 + 2_500);
        String afterTheLastRecord = kafkasForm(T0 + 10_000);
        return Stream.of(
                Arguments.of(List.of("--to-earliest"), "reset-to-earliest"),
                Arguments.of(List.of("--to-latest"), "reset-to-latest"),
                Arguments.of(List.of("--to-datetime", mid), "reset-to-timestamp"),
                Arguments.of(List.of("--to-datetime", afterTheLastRecord), "log-end-no-record-after"),
                Arguments.of(List.of("--by-duration", "P1D"), "log-end-no-record-after"),
                Arguments.of(List.of("--to-offset", "1"), "reset-to-offset"),
                Arguments.of(List.of("--to-offset", "99"), "clamp-to-log-end"),
                Arguments.of(List.of("--shift-by", "-1"), "shift-by"),
                Arguments.of(List.of("--shift-by", "-10"), "clamp-to-log-start"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void eachStrategyGoesWhereKafkasToolGoesAndItsUndoSnapshotRestoresTheStateBefore(
            List<String> strategy, String decision) throws Exception {
        Map<TopicPartition, Long> kafkasPlan = kafkaTool(strategy, "--dry-run").get(replayer);
        assertThat(committed(replayer)).as("Kafka's dry run changes nothing").isEqualTo(before);

        CliRun.Result dryRun = reset(with(strategy, "--dry-run", "-o", "json"));
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(targets(JSON.readTree(dryRun.out()))).isEqualTo(kafkasPlan);
        assertThat(committed(replayer)).as("korb's dry run changes nothing").isEqualTo(before);
        assertThat(snapshotFiles()).isEmpty();

        Path results = store.resolve("results");
        CliRun.Result result = reset(with(strategy, "--results-dir", results.toString(), "--verify"));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(committed(replayer)).isEqualTo(kafkasPlan);
        assertThat(result.out()).contains(decision);
        assertThat(Files.readString(results.resolve("reason"))).isEqualTo("ResetCompleted");
        assertThat(Files.readString(results.resolve("decisions"))).contains("\"" + decision + "\"");
        assertThat(Files.readString(results.resolve("matched"))).isEqualTo("true");
        String undo = Files.readString(results.resolve("undo-snapshot-id"));
        assertThat(undo).matches("reset-" + replayer + "-\\d{8}T\\d{6}Z");
        JsonNode groups = JSON.readTree(results.resolve("group-results").toFile());
        assertThat(groups.path("items").get(0).path("group").asText()).isEqualTo(replayer);

        CliRun.Result back = kafka.korb("rollback", "--exact", "--consumer-groups", replayer, "--snapshot-id", undo);
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(committed(replayer)).isEqualTo(before);
    }

    @Test
    void aPartitionWhoseFirstRecordsWereDeletedStartsAtItsNewLogStartAsInKafkasTool() throws Exception {
        EmbeddedKafka.shared()
                .admin()
                .deleteRecords(Map.of(clock0, RecordsToDelete.beforeOffset(2)))
                .all()
                .get(30, TimeUnit.SECONDS);
        String beforeAllRecords = kafkasForm(T0);
        for (List<String> strategy : List.of(
                List.of("--to-earliest"), List.of("--to-datetime", beforeAllRecords), List.of("--to-offset", "0"))) {
            Map<TopicPartition, Long> kafkasPlan =
                    kafkaTool(strategy, "--dry-run").get(replayer);
            CliRun.Result result = reset(with(strategy, "--no-undo"));
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(committed(replayer)).as(strategy.toString()).isEqualTo(kafkasPlan);
            assertThat(committed(replayer).get(clock0)).as(strategy.toString()).isEqualTo(2L);
            EmbeddedKafka.shared().commit(replayer, before);
        }
        CliRun.Result clamped = reset("--to-offset", "0", "--dry-run");
        assertThat(clamped.out()).containsPattern(clock + "\\s+0\\s+3\\s+2\\s+clamp-to-log-start");
        CliRun.Result refused = reset("--to-offset", "0", "--on-out-of-range", "fail");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(5);
        assertThat(refused.err()).contains("below the log start offset 2");
        assertThat(committed(replayer)).isEqualTo(before);
        assertThat(snapshotFiles()).isEmpty();
    }

    @Test
    void kafkasCsvExportOfSeveralGroupsGoesBackInExactly() throws Exception {
        List<String> groups = List.of(replayer, kafka.orderProcessor);
        Map<String, Map<TopicPartition, Long>> exported = EmbeddedKafka.shared().committed(groups);
        String csv = KafkaConsumerGroups.export(
                "--bootstrap-server",
                EmbeddedKafka.shared().bootstrapServers(),
                "--group",
                replayer,
                "--group",
                kafka.orderProcessor,
                "--reset-offsets",
                "--all-topics",
                "--to-current",
                "--export",
                "--dry-run");
        Path file = store.resolve("export.csv");
        Files.writeString(file, csv);
        assertThat(csv.lines().findFirst().orElseThrow().split(",")).hasSize(4);

        CliRun.Result moved =
                kafka.korb("reset", "--consumer-groups", String.join(",", groups), "--to-earliest", "--no-undo");
        assertThat(moved.exitCode()).as(moved.toString()).isZero();
        assertThat(EmbeddedKafka.shared().committed(groups)).isNotEqualTo(exported);

        CliRun.Result restored =
                kafka.korb("reset", "--consumer-groups", String.join(",", groups), "--from-file", file.toString());
        assertThat(restored.exitCode()).as(restored.toString()).isZero();
        assertThat(restored.out()).contains("from-file");
        assertThat(EmbeddedKafka.shared().committed(groups)).isEqualTo(exported);
    }

    @Test
    void kafkasCsvExportOfOneGroupAndTheMappingJsonAreReadAsGiven() throws Exception {
        String csv = KafkaConsumerGroups.export(
                "--bootstrap-server",
                EmbeddedKafka.shared().bootstrapServers(),
                "--group",
                replayer,
                "--reset-offsets",
                "--topic",
                clock + ":0",
                "--to-offset",
                "1",
                "--export",
                "--dry-run");
        Path file = store.resolve("one-group.csv");
        Files.writeString(file, csv);
        assertThat(csv.strip()).isEqualTo(clock + ",0,1");

        CliRun.Result fromCsv = reset("--from-file", file.toString());
        assertThat(fromCsv.exitCode()).as(fromCsv.toString()).isZero();
        assertThat(committed(replayer)).isEqualTo(Map.of(clock0, 1L, clock1, 2L));

        Path mapping = store.resolve("mapping.json");
        Files.writeString(mapping, "{\"groups\":{\"" + replayer + "\":{\"" + clock + "\":{\"0\":2,\"1\":0}}}}");
        CliRun.Result fromJson = reset("--from-file", mapping.toString());
        assertThat(fromJson.exitCode()).as(fromJson.toString()).isZero();
        assertThat(committed(replayer)).isEqualTo(Map.of(clock0, 2L, clock1, 0L));
    }

    @Test
    void aMalformedLineIsNamedAndNothingChanges() throws Exception {
        Path file = store.resolve("broken.csv");
        Files.writeString(file, clock + ",0,1\n" + clock + ",one,2\n");

        CliRun.Result result = reset("--from-file", file.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err())
                .contains("--from-file " + file + " line 2 has partition 'one'")
                .contains("nothing was changed");
        assertThat(committed(replayer)).isEqualTo(before);
        assertThat(snapshotFiles()).isEmpty();

        Files.writeString(file, "{\"groups\":{\"" + replayer + "\":{\"" + clock + "\":{\"0\":-4}}}}");
        CliRun.Result json = reset("--from-file", file.toString());
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.err()).contains("at groups." + replayer + "." + clock + ".0 is -4");
    }

    @Test
    void aNewGroupStartsWhereAnotherIsOrWhereItIsToldOnTheTopicsListed() throws Exception {
        String copy = "copy-" + kafka.suffix;
        CliRun.Result copied = kafka.korb("reset", "--consumer-groups", copy, "--from-group", replayer);
        assertThat(copied.exitCode()).as(copied.toString()).isZero();
        assertThat(committed(copy)).isEqualTo(before);

        String fresh = "fresh-" + kafka.suffix;
        CliRun.Result refused = kafka.korb("reset", "--consumer-groups", fresh, "--to-earliest");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains(fresh + " has no committed offsets").contains("--topics");
        assertThat(committed(fresh)).isEmpty();

        Path results = store.resolve("fresh");
        CliRun.Result seeded = kafka.korb(
                "reset",
                "--consumer-groups",
                fresh,
                "--from-group",
                kafka.orderProcessor,
                "--topics",
                kafka.orders + ":0,1," + clock,
                "--results-dir",
                results.toString());
        assertThat(seeded.exitCode()).as(seeded.toString()).isZero();
        // the source's offsets on the listed partitions it has; none on clock, which it never consumed
        assertThat(committed(fresh))
                .isEqualTo(Map.of(new TopicPartition(kafka.orders, 0), 10L, new TopicPartition(kafka.orders, 1), 11L));
        assertThat(seeded.out()).contains("skip-no-offset");

        // the undo snapshot of a new group holds it without offsets: rolled back exactly, it has none again
        String undo = Files.readString(results.resolve("undo-snapshot-id"));
        CliRun.Result back = kafka.korb("rollback", "--exact", "--consumer-groups", fresh, "--snapshot-id", undo);
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(committed(fresh)).isEmpty();
    }

    @Test
    void anActiveGroupIsRefusedWithNothingChangedAndNoUndoSnapshot() throws Exception {
        try (KafkaConsumer<String, String> live = EmbeddedKafka.shared().liveConsumer(replayer, "consumer", clock)) {
            CliRun.Result result = reset("--to-earliest");
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
            assertThat(result.err()).contains("refusing to reset offsets").contains(replayer);
        }
        assertThat(committed(replayer)).isEqualTo(before);
        assertThat(snapshotFiles()).isEmpty();
    }

    @Test
    void withoutAStoreTheResetIsRefusedUnlessNoUndoIsGiven() throws Exception {
        CliRun cli = new CliRun()
                .env("KORB_BOOTSTRAP_SERVERS", EmbeddedKafka.shared().bootstrapServers())
                .env("KORB_TIMEOUT", "20s");
        CliRun.Result refused = cli.run("reset", "--consumer-groups", replayer, "--to-earliest");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("no store is given").contains("--no-undo");
        assertThat(committed(replayer)).isEqualTo(before);

        CliRun.Result twoTargets =
                kafka.korb("reset", "--consumer-groups", replayer, "--to-earliest", "--to-offset", "3");
        assertThat(twoTargets.exitCode()).isEqualTo(2);
        assertThat(twoTargets.err()).contains("several targets given: --to-earliest, --to-offset");

        CliRun.Result done = cli.run("reset", "--consumer-groups", replayer, "--to-earliest", "--no-undo");
        assertThat(done.exitCode()).as(done.toString()).isZero();
        assertThat(done.out()).contains("(no undo snapshot: --no-undo)");
        assertThat(committed(replayer)).isEqualTo(Map.of(clock0, 0L, clock1, 0L));
    }

    @Test
    void aRetryOfTheSameRunKeepsTheUndoSnapshotOfItsFirstAttempt() throws Exception {
        Path first = store.resolve("first");
        CliRun.Result attempt = reset("--to-earliest", "--run-id", "run-1", "--results-dir", first.toString());
        assertThat(attempt.exitCode()).as(attempt.toString()).isZero();
        String undo = Files.readString(first.resolve("undo-snapshot-id"));
        assertThat(undo).matches("reset-" + replayer + "-r[0-9a-f]{12}");

        Path second = store.resolve("second");
        CliRun.Result retry = reset("--to-earliest", "--run-id", "run-1", "--results-dir", second.toString());
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(Files.readString(second.resolve("undo-snapshot-id"))).isEqualTo(undo);
        assertThat(snapshotFiles()).hasSize(1);

        CliRun.Result back = kafka.korb("rollback", "--consumer-groups", replayer, "--snapshot-id", undo);
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(committed(replayer)).isEqualTo(before);
    }

    private Map<String, Map<TopicPartition, Long>> kafkaTool(List<String> strategy, String mode) {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-server",
                EmbeddedKafka.shared().bootstrapServers(),
                "--group",
                replayer,
                "--reset-offsets",
                "--topic",
                clock));
        args.addAll(strategy);
        args.add(mode);
        return KafkaConsumerGroups.resetOffsets(args.toArray(String[]::new));
    }

    /** Kafka's tool reads only this form of date-time (with milliseconds); korb reads it too. */
    private static String kafkasForm(long millis) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
                .withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(millis));
    }

    private static Map<TopicPartition, Long> targets(JsonNode plan) {
        Map<TopicPartition, Long> targets = new HashMap<>();
        plan.path("partitions").forEach(row -> {
            if (!row.path("target").isNull()) {
                targets.put(
                        new TopicPartition(
                                row.path("topic").asText(),
                                row.path("partition").asInt()),
                        row.path("target").asLong());
            }
        });
        return targets;
    }

    private static String[] with(List<String> strategy, String... more) {
        List<String> args = new ArrayList<>(strategy);
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private CliRun.Result reset(String... args) {
        List<String> all = new ArrayList<>(List.of("--consumer-groups", replayer));
        all.addAll(List.of(args));
        return kafka.korb("reset", all.toArray(String[]::new));
    }

    private static Map<TopicPartition, Long> committed(String group) throws Exception {
        return EmbeddedKafka.shared().committed(group);
    }

    private List<Path> snapshotFiles() throws Exception {
        try (Stream<Path> files = Files.list(store)) {
            return files.filter(file -> file.getFileName().toString().startsWith("reset-"))
                    .toList();
        }
    }
}
