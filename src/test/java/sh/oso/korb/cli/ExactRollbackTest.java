package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.HookedClients;

/**
 * rollback --exact against the real broker: after it the listed groups' committed offsets, read back from the broker,
 * are the snapshot's, those the snapshot has none for deleted; and rolling back exactly to its undo snapshot restores
 * exactly the offsets from before it.
 */
class ExactRollbackTest extends KafkaCommandTest {

    private Map<TopicPartition, Long> orderProcessorAtSnapshot;
    private Map<TopicPartition, Long> paymentHandlerAtSnapshot;
    private String extraTopic;
    private TopicPartition addedPartition;
    private TopicPartition extraPartition;
    private TopicPartition ordersOfPaymentHandler;

    /**
     * After the snapshot: the order processor commits on a partition added to a snapshot topic and on a topic the
     * snapshot does not have; the payment handler on a snapshot topic it had not committed to; both move.
     */
    @BeforeEach
    void snapshotThenCommitWhereTheSnapshotHasNoOffset() throws Exception {
        kafka.snapshot("before-change");
        orderProcessorAtSnapshot = EmbeddedKafka.shared().committed(kafka.orderProcessor);
        paymentHandlerAtSnapshot = EmbeddedKafka.shared().committed(kafka.paymentHandler);

        extraTopic = "extra-" + kafka.suffix;
        EmbeddedKafka.shared().createTopic(extraTopic, 1, 50);
        EmbeddedKafka.shared()
                .admin()
                .createPartitions(Map.of(kafka.orders, NewPartitions.increaseTo(4)))
                .all()
                .get(30, TimeUnit.SECONDS);
        addedPartition = new TopicPartition(kafka.orders, 3);
        extraPartition = new TopicPartition(extraTopic, 0);
        ordersOfPaymentHandler = new TopicPartition(kafka.orders, 0);

        Map<TopicPartition, Long> orderProcessorNow = new HashMap<>(kafka.offsets(60));
        orderProcessorNow.put(addedPartition, 0L);
        orderProcessorNow.put(extraPartition, 25L);
        // the broker knows the added partition a moment after createPartitions answers
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            EmbeddedKafka.shared().commit(kafka.orderProcessor, orderProcessorNow);
            return true;
        });
        EmbeddedKafka.shared()
                .commit(
                        kafka.paymentHandler,
                        Map.of(new TopicPartition(kafka.payments, 0), 3L, ordersOfPaymentHandler, 7L));
    }

    @Test
    void aDryRunListsEachOffsetToDeleteAndChangesNothing() throws Exception {
        Map<String, Map<TopicPartition, Long>> before = committedNow();
        Path plan = store.resolve("plan.json");

        CliRun.Result result = kafka.korb(
                "rollback",
                "--consumer-groups",
                kafka.groups(),
                "--snapshot-id",
                "before-change",
                "--exact",
                "--dry-run",
                "--plan-out",
                plan.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(committedNow()).isEqualTo(before);
        assertThat(undoSnapshots()).isEmpty();
        assertThat(result.out())
                .containsPattern(kafka.orderProcessor + "\\s+" + extraTopic
                        + "\\s+0\\s+25\\s+-\\s+delete-offset\\s+committed since the snapshot, which has no offset"
                        + " here; --exact deletes it")
                .containsPattern(kafka.orderProcessor + "\\s+" + kafka.orders
                        + "\\s+3\\s+0\\s+-\\s+delete-offset\\s+partition added since the snapshot")
                .containsPattern(kafka.paymentHandler + "\\s+" + kafka.orders + "\\s+0\\s+7\\s+-\\s+delete-offset")
                // 5 + 2 commits, 3 deletions
                .contains("Dry run: 9 of 10 partitions in 2 groups would change; nothing was changed.");
        JsonNode written = JSON.readTree(plan.toFile());
        assertThat(written.path("exact").asBoolean()).isTrue();
        assertThat(written.path("decisions").path("delete-offset").asInt()).isEqualTo(3);
        assertThat(rows(written, "delete-offset"))
                .containsExactlyInAnyOrder(
                        kafka.orderProcessor + " " + addedPartition,
                        kafka.orderProcessor + " " + extraPartition,
                        kafka.paymentHandler + " " + ordersOfPaymentHandler);
    }

    @Test
    void anExactRollbackLeavesExactlyTheSnapshotsOffsetsAndARerunChangesNothing() throws Exception {
        Path results = store.resolve("results");

        CliRun.Result result = kafka.korb(
                "rollback",
                "--consumer-groups",
                kafka.groups(),
                "--snapshot-id",
                "before-change",
                "--exact",
                "--verify",
                "--results-dir",
                results.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(orderProcessorAtSnapshot);
        assertThat(EmbeddedKafka.shared().committed(kafka.paymentHandler)).isEqualTo(paymentHandlerAtSnapshot);
        assertThat(result.out())
                .contains("9 of 10 partitions changed (3 offsets deleted).")
                .contains("Verified: all 7 partitions of 2 groups match snapshot before-change.");
        assertThat(Files.readString(results.resolve("changed-partitions"))).isEqualTo("9");
        assertThat(JSON.readTree(Files.readString(results.resolve("decisions")))
                        .path("delete-offset")
                        .asInt())
                .isEqualTo(3);
        assertThat(Files.readString(results.resolve("matched"))).isEqualTo("true");

        CliRun.Result again = kafka.korb(
                "rollback",
                "--consumer-groups",
                kafka.groups(),
                "--snapshot-id",
                "before-change",
                "--exact",
                "-o",
                "json");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        JsonNode plan = JSON.readTree(again.out());
        assertThat(plan.path("changedPartitions").asInt()).isZero();
        assertThat(plan.path("decisions").has("delete-offset")).isFalse();
        assertThat(plan.path("outcome").path("deletedPartitions").asInt()).isZero();
        assertThat(undoSnapshots()).hasSize(1);
    }

    @Test
    void rollingBackExactlyToTheUndoSnapshotRestoresExactlyTheOffsetsFromBefore() throws Exception {
        // the snapshot has an offset the group lacks now: the exact rollback commits it, its undo must delete it
        TopicPartition deletedSinceSnapshot = new TopicPartition(kafka.payments, 1);
        EmbeddedKafka.shared()
                .admin()
                .deleteConsumerGroupOffsets(kafka.orderProcessor, Set.of(deletedSinceSnapshot))
                .all()
                .get(30, TimeUnit.SECONDS);
        Map<String, Map<TopicPartition, Long>> before = committedNow();
        assertThat(before.get(kafka.orderProcessor))
                .doesNotContainKey(deletedSinceSnapshot)
                .containsKeys(addedPartition, extraPartition);
        Path results = store.resolve("results");

        CliRun.Result rollback = kafka.korb(
                "rollback",
                "--consumer-groups",
                kafka.groups(),
                "--snapshot-id",
                "before-change",
                "--exact",
                "--results-dir",
                results.toString());
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(orderProcessorAtSnapshot);
        String undo = Files.readString(results.resolve("undo-snapshot-id"));

        CliRun.Result back = kafka.korb(
                "rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", undo, "--exact", "--verify");

        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(committedNow()).isEqualTo(before);
        assertThat(back.out()).contains("(1 offset deleted)");
    }

    @Test
    void anActiveGroupIsRefusedWithNothingDeletedAndNoUndoSnapshot() throws Exception {
        Map<String, Map<TopicPartition, Long>> before = committedNow();

        try (KafkaConsumer<String, String> live =
                EmbeddedKafka.shared().liveConsumer(kafka.orderProcessor, "classic", extraTopic)) {
            CliRun.Result result = kafka.korb(
                    "rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", "before-change", "--exact");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
            assertThat(result.err()).contains("live-" + kafka.orderProcessor).contains("nothing was changed");
        }
        assertThat(committedNow()).isEqualTo(before);
        assertThat(undoSnapshots()).isEmpty();
    }

    /**
     * A consumer that joins after the check, subscribing to the topic of an offset to delete: the broker refuses the
     * deletion of that offset, and korb reports the group as one whose consumers joined (exit 4), as for a refused
     * commit; the offset stays, and the undo snapshot saved before holds the way back from what was applied.
     */
    @Test
    void aConsumerThatJoinsBeforeTheDeletionIsReportedAsJoinedAndItsOffsetStays() throws Exception {
        List<KafkaConsumer<String, String>> joined = new ArrayList<>();
        HookedClients clients = new HookedClients().beforeDelete(group -> {
            if (group.equals(kafka.orderProcessor)) {
                joined.add(EmbeddedKafka.shared().liveConsumer(group, "classic", extraTopic));
            }
        });
        Path results = store.resolve("results");

        CliRun.Result result;
        try {
            result = kafka.cli()
                    .clients(clients)
                    .run(
                            "rollback",
                            "--consumer-groups",
                            kafka.groups(),
                            "--snapshot-id",
                            "before-change",
                            "--exact",
                            "--results-dir",
                            results.toString(),
                            "-o",
                            "json");
        } finally {
            joined.forEach(KafkaConsumer::close);
        }

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(joined).hasSize(1);
        JsonNode outcome = JSON.readTree(result.out()).path("outcome");
        assertThat(outcome.path("notRolledBack").get(0).path("group").asText()).isEqualTo(kafka.orderProcessor);
        assertThat(outcome.path("notRolledBack").get(0).path("cause").asText()).isEqualTo("consumers joined the group");
        assertThat(outcome.path("rolledBack")).extracting(JsonNode::asText).containsExactly(kafka.paymentHandler);
        assertThat(outcome.path("deletedPartitions").asInt()).isEqualTo(1);
        assertThat(Files.readString(results.resolve("reason"))).isEqualTo("GroupsActive");
        assertThat(Files.readString(results.resolve("undo-snapshot-id"))).isNotEmpty();
        // the broker refuses only the partitions of topics the members subscribe to, and deletes the others
        Map<TopicPartition, Long> orderProcessor = new HashMap<>(orderProcessorAtSnapshot);
        orderProcessor.put(extraPartition, 25L);
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(orderProcessor);
        assertThat(EmbeddedKafka.shared().committed(kafka.paymentHandler)).isEqualTo(paymentHandlerAtSnapshot);
    }

    @Test
    void withoutExactTheOffsetsTheSnapshotHasNoneForAreLeftAloneAndOnlyVerifyExactCountsThem() throws Exception {
        CliRun.Result result =
                kafka.korb("rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", "before-change");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .containsPattern(
                        kafka.orderProcessor + "\\s+" + kafka.orders + "\\s+3\\s+0\\s+-\\s+leave-new-partition")
                .doesNotContain("delete-offset")
                .contains("6 of 8 partitions changed.");
        Map<TopicPartition, Long> orderProcessor = EmbeddedKafka.shared().committed(kafka.orderProcessor);
        assertThat(orderProcessor).containsEntry(addedPartition, 0L).containsEntry(extraPartition, 25L);
        assertThat(EmbeddedKafka.shared().committed(kafka.paymentHandler)).containsEntry(ordersOfPaymentHandler, 7L);

        CliRun.Result loose =
                kafka.korb("verify", "--consumer-groups", kafka.groups(), "--snapshot-id", "before-change", "--strict");
        CliRun.Result exact = kafka.korb(
                "verify",
                "--consumer-groups",
                kafka.groups(),
                "--snapshot-id",
                "before-change",
                "--strict",
                "--exact",
                "-o",
                "json");

        assertThat(loose.exitCode()).as(loose.toString()).isZero();
        assertThat(exact.exitCode()).as(exact.toString()).isEqualTo(3);
        JsonNode verified = JSON.readTree(exact.out());
        assertThat(verified.path("partitionsChecked").asInt()).isEqualTo(10);
        assertThat(verified.path("differences")).hasSize(3).allSatisfy(difference -> {
            assertThat(difference.path("kind").asText()).isEqualTo("extra");
            assertThat(difference.path("expected").isNull()).isTrue();
        });
    }

    private Map<String, Map<TopicPartition, Long>> committedNow() throws Exception {
        return EmbeddedKafka.shared().committed(List.of(kafka.orderProcessor, kafka.paymentHandler));
    }

    private List<Path> undoSnapshots() throws Exception {
        try (Stream<Path> files = Files.list(store)) {
            return files.filter(file -> file.getFileName().toString().contains("-undo-"))
                    .toList();
        }
    }

    private static List<String> rows(JsonNode plan, String decision) {
        return Stream.of(plan.path("partitions"))
                .flatMap(partitions -> java.util.stream.StreamSupport.stream(partitions.spliterator(), false))
                .filter(row -> row.path("decision").asText().equals(decision))
                .map(row -> row.path("group").asText() + " " + row.path("topic").asText() + "-"
                        + row.path("partition").asInt())
                .toList();
    }
}
