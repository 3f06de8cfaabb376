package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.KafkaProcess;

/**
 * A rollback and a verify of 1,000,000 partition offsets (1,000 groups × 1,000 partitions) in a JVM whose heap is
 * capped at the reference's 256 MiB pod limit (Failsafe runs this class with -Xmx256m): korb plans, saves the undo
 * snapshot, commits and compares batch by batch, so its memory does not grow with the number of offsets. The broker
 * runs in a JVM of its own, as users have theirs: it holds the million offsets, korb must not need to.
 */
class MillionOffsetsIT {

    private static final int GROUPS = 1_000;
    private static final int TOPICS = 10;
    private static final int PARTITIONS_PER_TOPIC = 100;
    private static final int RECORDS_PER_PARTITION = 20;
    private static final int OFFSETS = GROUPS * TOPICS * PARTITIONS_PER_TOPIC;

    private static EmbeddedKafka kafka;

    @TempDir
    static Path directory;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = KafkaProcess.start(directory.resolve("broker.log"));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static List<String> groups() {
        List<String> groups = new ArrayList<>();
        for (int group = 0; group < GROUPS; group++) {
            groups.add(String.format("million-%04d", group));
        }
        return groups;
    }

    private static List<TopicPartition> partitions() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int topic = 0; topic < TOPICS; topic++) {
            partitions.addAll(EmbeddedKafka.partitions("million-topic-" + topic, PARTITIONS_PER_TOPIC));
        }
        return partitions;
    }

    /** The offset group {@code group} has on the {@code index}th partition at the snapshot: varied, within the log. */
    private static long snapshotOffset(int group, int index) {
        return (group + index) % (RECORDS_PER_PARTITION / 2);
    }

    /** Commits, 50 groups at a time so the test's own heap stays small, one offset per partition of each group. */
    private static void commitAll(List<String> groups, OffsetOf offsetOf) throws Exception {
        List<TopicPartition> partitions = partitions();
        for (int from = 0; from < groups.size(); from += 50) {
            List<KafkaFuture<Void>> futures = new ArrayList<>();
            for (int group = from; group < Math.min(groups.size(), from + 50); group++) {
                Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
                for (int index = 0; index < partitions.size(); index++) {
                    commits.put(partitions.get(index), new OffsetAndMetadata(offsetOf.at(group, index)));
                }
                futures.add(kafka.admin()
                        .alterConsumerGroupOffsets(groups.get(group), commits)
                        .all());
            }
            KafkaFuture.allOf(futures.toArray(KafkaFuture[]::new)).get(120, TimeUnit.SECONDS);
        }
    }

    @FunctionalInterface
    private interface OffsetOf {
        long at(int group, int index);
    }

    private static CliRun korb(Path store) {
        return new CliRun()
                .env("KORB_BOOTSTRAP_SERVERS", kafka.bootstrapServers())
                .env("KORB_PVC_PATH", store.toString())
                .env("KORB_TIMEOUT", "60s")
                .env("KORB_CONSUMER_GROUPS", String.join(",", groups()));
    }

    private static String result(Path results, String name) throws Exception {
        return Files.readString(results.resolve(name));
    }

    @Test
    void aMillionOffsetsAreRolledBackAndVerifiedWithin256MiB() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("run with -Xmx256m").isLessThanOrEqualTo(256L * 1024 * 1024);
        for (int topic = 0; topic < TOPICS; topic++) {
            kafka.createTopic("million-topic-" + topic, PARTITIONS_PER_TOPIC, RECORDS_PER_PARTITION);
        }
        List<String> groups = groups();
        commitAll(groups, MillionOffsetsIT::snapshotOffset);
        Path store = directory.resolve("store");
        Path results = directory.resolve("results");

        CliRun.Result snapshot = korb(store).run("snapshot", "--snapshot-id", "million");
        assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();

        // every offset moves past the snapshot's, within the log
        commitAll(groups, (group, index) -> RECORDS_PER_PARTITION - 1 - (group + index) % 5);

        CliRun.Result rollback = korb(store)
                .run(
                        "rollback",
                        "--snapshot-id",
                        "million",
                        "--verify",
                        "--plan-out",
                        directory.resolve("plan.json").toString(),
                        "--results-dir",
                        results.toString());

        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(result(results, "changed-partitions")).isEqualTo(String.valueOf(OFFSETS));
        assertThat(result(results, "total-partitions")).isEqualTo(String.valueOf(OFFSETS));
        assertThat(result(results, "matched")).isEqualTo("true");
        assertThat(result(results, "decisions")).isEqualTo("{\"commit\":" + OFFSETS + "}");
        assertThat(result(results, "undo-snapshot-id")).startsWith("million-undo-");
        assertThat(rollback.out())
                .contains("Rolled back 1000 groups to snapshot million: " + OFFSETS + " of " + OFFSETS
                        + " partitions changed.")
                .contains("Verified: all " + OFFSETS + " partitions of 1000 groups match snapshot million.");
        assertThat(directory.resolve("plan.json")).isNotEmptyFile();

        List<TopicPartition> partitions = partitions();
        List<String> sample = List.of(groups.get(0), groups.get(499), groups.get(998), groups.get(999));
        Map<String, Map<TopicPartition, Long>> committed = kafka.committed(sample);
        for (String group : sample) {
            int number = groups.indexOf(group);
            Map<TopicPartition, Long> expected = new HashMap<>();
            for (int index = 0; index < partitions.size(); index++) {
                expected.put(partitions.get(index), snapshotOffset(number, index));
            }
            assertThat(committed.get(group)).as(group).isEqualTo(expected);
        }

        Path verifyResults = directory.resolve("verify-results");
        CliRun.Result verify = korb(store)
                .run("verify", "--snapshot-id", "million", "--strict", "--results-dir", verifyResults.toString());
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(result(verifyResults, "matched")).isEqualTo("true");
        assertThat(verify.out()).contains("Verified: all " + OFFSETS + " partitions of 1000 groups");

        // the undo snapshot holds the moved offsets: rolling back to it puts them back, batch by batch again
        String undo = result(results, "undo-snapshot-id");
        CliRun.Result undone = korb(store)
                .run(
                        "verify",
                        "--snapshot-id",
                        undo,
                        "--results-dir",
                        directory.resolve("undo-results").toString());
        assertThat(undone.exitCode()).as(undone.toString()).isZero();
        assertThat(result(directory.resolve("undo-results"), "matched")).isEqualTo("false");
        assertThat(undone.out()).contains(OFFSETS + " differences from snapshot " + undo);
    }
}
