package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.HookedClients;

/**
 * delete-offsets against the real broker: it deletes exactly the listed topics' offsets of the listed groups, read
 * back from the broker; it saves the groups' offsets first, and rolling back to that undo snapshot restores them; it
 * refuses, changing nothing, an active group or an unknown topic; and a rerun finds nothing to delete.
 */
class DeleteOffsetsCommandTest extends KafkaCommandTest {

    private Map<String, Map<TopicPartition, Long>> before;

    @BeforeEach
    void readTheOffsetsBefore() throws Exception {
        before = committedNow();
        // the fixture: the order processor on orders (3) and payments (2), the payment handler on payments only
        assertThat(before.get(kafka.orderProcessor)).hasSize(5);
        assertThat(before.get(kafka.paymentHandler)).hasSize(2);
    }

    @Test
    void aDryRunListsEachOffsetToDeleteAndChangesNothing() throws Exception {
        Path plan = store.resolve("plan.json");

        CliRun.Result result = deleteOffsets("--topics", kafka.orders, "--dry-run", "--plan-out", plan.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(committedNow()).isEqualTo(before);
        assertThat(undoSnapshots()).isEmpty();
        for (int partition = 0; partition < 3; partition++) {
            assertThat(result.out())
                    .containsPattern(kafka.orderProcessor + "\\s+" + kafka.orders + "\\s+" + partition + "\\s+"
                            + (10 + partition) + "\\s+delete-offset\\s+a listed topic; deleted");
        }
        assertThat(result.out())
                .doesNotContain(kafka.payments)
                .contains("Dry run: 3 offsets in 1 group would be deleted (nothing to delete in " + kafka.paymentHandler
                        + "); nothing was changed.");
        JsonNode written = JSON.readTree(plan.toFile());
        assertThat(written.path("dryRun").asBoolean()).isTrue();
        assertThat(written.path("decisions").path("delete-offset").asInt()).isEqualTo(3);
        assertThat(written.path("groupsWithNothingToDelete").get(0).asText()).isEqualTo(kafka.paymentHandler);
    }

    @Test
    void deletesExactlyTheListedTopicsOffsetsAndRollingBackToTheUndoSnapshotRestoresThem() throws Exception {
        Path results = store.resolve("results");

        CliRun.Result result = deleteOffsets("--topics", kafka.orders, "--results-dir", results.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Map<String, Map<TopicPartition, Long>> expected = withoutTopic(before, kafka.orders);
        assertThat(committedNow()).isEqualTo(expected);
        String undo = Files.readString(results.resolve("undo-snapshot-id"));
        assertThat(undo).matches("delete-offsets-2-groups-\\d{8}T\\d{6}Z");
        assertThat(store.resolve(undo + ".json")).exists();
        assertThat(Files.readString(results.resolve("reason"))).isEqualTo("OffsetsDeleted");
        assertThat(Files.readString(results.resolve("changed-partitions"))).isEqualTo("3");
        assertThat(result.out())
                .containsPattern(kafka.orderProcessor + "\\s+" + kafka.orders + "\\s+0\\s+10\\s+deleted")
                .contains("3 offsets deleted in 1 group (nothing to delete in " + kafka.paymentHandler
                        + "); undo: korb rollback --snapshot-id " + undo + " --consumer-groups " + kafka.groups());

        Path again = store.resolve("again");
        CliRun.Result rerun = deleteOffsets("--topics", kafka.orders, "--results-dir", again.toString());
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains("Nothing to delete");
        assertThat(Files.readString(again.resolve("undo-snapshot-id"))).isEmpty();
        assertThat(committedNow()).isEqualTo(expected);
        assertThat(undoSnapshots()).hasSize(1);

        CliRun.Result back = kafka.korb("rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", undo);
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(committedNow()).isEqualTo(before);
    }

    @Test
    void severalTopicsUnderANamedUndoSnapshotWhichIsNeverOverwritten() throws Exception {
        kafka.snapshot("taken");

        CliRun.Result refused = kafka.korb(
                "delete-offsets",
                "--consumer-groups",
                kafka.orderProcessor,
                "--topics",
                kafka.orders + "," + kafka.payments,
                "--snapshot-id",
                "taken");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(committedNow()).isEqualTo(before);

        // a listed group that never committed: nothing to delete there, and the undo snapshot holds it empty
        String idle = "idle-" + kafka.suffix;
        CliRun.Result result = kafka.korb(
                "delete-offsets",
                "--consumer-groups",
                kafka.orderProcessor + "," + idle,
                "--topics",
                kafka.orders + "," + kafka.payments,
                "--snapshot-id",
                "before-deleting",
                "-o",
                "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEmpty();
        assertThat(EmbeddedKafka.shared().committed(kafka.paymentHandler)).isEqualTo(before.get(kafka.paymentHandler));
        JsonNode json = JSON.readTree(result.out());
        assertThat(json.path("undoSnapshotId").asText()).isEqualTo("before-deleting");
        assertThat(json.path("outcome").path("deletedPartitions").asInt()).isEqualTo(5);
        assertThat(json.path("partitions")).hasSize(5);

        assertThat(json.path("groupsWithNothingToDelete").get(0).asText()).isEqualTo(idle);

        CliRun.Result back = kafka.korb(
                "rollback", "--consumer-groups", kafka.orderProcessor + "," + idle, "--snapshot-id", "before-deleting");
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(committedNow()).isEqualTo(before);
    }

    @Test
    void anActiveGroupIsRefusedWithNothingDeletedAndNoUndoSnapshot() throws Exception {
        Path results = store.resolve("results");
        try (KafkaConsumer<String, String> live =
                EmbeddedKafka.shared().liveConsumer(kafka.orderProcessor, "classic", kafka.payments)) {
            CliRun.Result result = deleteOffsets("--topics", kafka.orders, "--results-dir", results.toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
            assertThat(result.err()).contains("live-" + kafka.orderProcessor).contains("nothing was changed");
        }
        assertThat(committedNow()).isEqualTo(before);
        assertThat(undoSnapshots()).isEmpty();
        assertThat(Files.readString(results.resolve("reason"))).isEqualTo("GroupsActive");
    }

    /**
     * A consumer that joins after the check, subscribing to the topic whose offsets are deleted: the broker refuses
     * that group's deletion, korb reports its consumers joined (exit 4), the other group's offsets are deleted, and
     * the undo snapshot saved before names the way back.
     */
    @Test
    void aConsumerThatJoinsBeforeTheDeletionIsReportedAsJoinedAndItsOffsetsStay() throws Exception {
        List<KafkaConsumer<String, String>> joined = new ArrayList<>();
        HookedClients clients = new HookedClients().beforeDelete(group -> {
            if (group.equals(kafka.orderProcessor)) {
                joined.add(EmbeddedKafka.shared().liveConsumer(group, "classic", kafka.payments));
            }
        });
        Path results = store.resolve("results");

        CliRun.Result result;
        try {
            result = kafka.cli()
                    .clients(clients)
                    .run(
                            "delete-offsets",
                            "--consumer-groups",
                            kafka.groups(),
                            "--topics",
                            kafka.payments,
                            "--results-dir",
                            results.toString());
        } finally {
            joined.forEach(KafkaConsumer::close);
        }

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(joined).hasSize(1);
        assertThat(result.err()).contains(kafka.orderProcessor + " (consumers joined the group");
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(before.get(kafka.orderProcessor));
        assertThat(EmbeddedKafka.shared().committed(kafka.paymentHandler)).isEmpty();
        String undo = Files.readString(results.resolve("undo-snapshot-id"));
        assertThat(store.resolve(undo + ".json")).exists();
        assertThat(Files.readString(results.resolve("changed-partitions"))).isEqualTo("2");
    }

    @Test
    void anUnknownTopicIsNamedWithExit2AndNothingChanged() throws Exception {
        String missing = "no-such-topic-" + kafka.suffix;

        CliRun.Result result = deleteOffsets("--topics", kafka.orders + "," + missing);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err())
                .contains(missing)
                .contains("nothing was changed")
                .doesNotContain(kafka.orders + ",");
        assertThat(committedNow()).isEqualTo(before);
        assertThat(undoSnapshots()).isEmpty();
    }

    @Test
    void kafkasTopicPartitionFormIsRefusedAsInvalidInput() throws Exception {
        CliRun.Result result = deleteOffsets("--topics", kafka.orders + ":0");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("a topic name cannot contain ':'");
        assertThat(committedNow()).isEqualTo(before);
    }

    @Test
    void aRetryOfTheSameRunKeepsTheUndoSnapshotOfItsFirstAttemptAndAnotherRunIsRefused() throws Exception {
        Path first = store.resolve("first");
        CliRun.Result attempt =
                deleteOffsets("--topics", kafka.orders, "--run-id", "run-1", "--results-dir", first.toString());
        assertThat(attempt.exitCode()).as(attempt.toString()).isZero();
        String undo = Files.readString(first.resolve("undo-snapshot-id"));
        assertThat(undo).matches("delete-offsets-2-groups-r[0-9a-f]{12}");

        // as if the first attempt's deletion had not reached the broker for one group: the retry deletes what is
        // left and keeps the first attempt's undo snapshot, which holds the offsets from before it
        EmbeddedKafka.shared().commit(kafka.orderProcessor, Map.of(new TopicPartition(kafka.orders, 0), 99L));
        Path second = store.resolve("second");
        CliRun.Result retry =
                deleteOffsets("--topics", kafka.orders, "--run-id", "run-1", "--results-dir", second.toString());
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(Files.readString(second.resolve("undo-snapshot-id"))).isEqualTo(undo);
        assertThat(undoSnapshots()).hasSize(1);
        assertThat(committedNow()).isEqualTo(withoutTopic(before, kafka.orders));

        EmbeddedKafka.shared().commit(kafka.orderProcessor, Map.of(new TopicPartition(kafka.orders, 0), 99L));
        CliRun.Result otherRun = deleteOffsets("--topics", kafka.orders, "--run-id", "run-2", "--snapshot-id", undo);
        assertThat(otherRun.exitCode()).as(otherRun.toString()).isEqualTo(2);
        assertThat(otherRun.err()).contains("is taken by another snapshot");

        CliRun.Result back = kafka.korb("rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", undo);
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(committedNow()).isEqualTo(before);
    }

    private CliRun.Result deleteOffsets(String... args) {
        List<String> all = new ArrayList<>(List.of("--consumer-groups", kafka.groups()));
        all.addAll(List.of(args));
        return kafka.korb("delete-offsets", all.toArray(String[]::new));
    }

    private Map<String, Map<TopicPartition, Long>> committedNow() throws Exception {
        return EmbeddedKafka.shared().committed(List.of(kafka.orderProcessor, kafka.paymentHandler));
    }

    private static Map<String, Map<TopicPartition, Long>> withoutTopic(
            Map<String, Map<TopicPartition, Long>> offsets, String topic) {
        Map<String, Map<TopicPartition, Long>> left = new HashMap<>();
        offsets.forEach((group, partitions) -> {
            Map<TopicPartition, Long> kept = new HashMap<>(partitions);
            kept.keySet().removeIf(tp -> tp.topic().equals(topic));
            left.put(group, kept);
        });
        return left;
    }

    private List<Path> undoSnapshots() throws Exception {
        try (Stream<Path> files = Files.list(store)) {
            return files.filter(file -> file.getFileName().toString().startsWith("delete-offsets-"))
                    .toList();
        }
    }
}
