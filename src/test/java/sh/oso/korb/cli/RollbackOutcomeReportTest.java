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
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.HookedClients;

/**
 * After a rollback changed something, korb says what it changed, whatever happens next: a verification that cannot
 * read the snapshot again, a consumer joining one of hundreds of groups, a rerun after a partial rollback; and it
 * refuses, changing nothing, when a consumer without membership keeps committing.
 */
class RollbackOutcomeReportTest extends KafkaCommandTest {

    private final List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
    private Path results;

    @BeforeEach
    void setUp() {
        results = store.resolve("results");
    }

    @AfterEach
    void stopConsumers() {
        consumers.forEach(KafkaConsumer::close);
    }

    @Test
    void rollbackWithVerifyComparesWithThePlannedSnapshotWithoutReadingTheStoreAgain() throws Exception {
        kafka.snapshot("before");
        EmbeddedKafka.shared().commit(kafka.orderProcessor, kafka.offsets(60));
        // the snapshot disappears from the store once the rollback has started committing
        HookedClients clients = new HookedClients().beforeCommit((group, call) -> {
            Files.deleteIfExists(store.resolve("before.json"));
        });

        CliRun.Result result =
                run(clients, "rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", "before", "--verify");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(store.resolve("before.json")).doesNotExist();
        assertThat(result.out())
                .contains("Rolled back 2 groups to snapshot before: 5 of 7 partitions changed.")
                .contains("Verified: all 7 partitions of 2 groups match snapshot before.");
        assertThat(result("phase")).isEqualTo("Completed");
        assertThat(result("matched")).isEqualTo("true");
        assertThat(result("undo-snapshot-id")).startsWith("before-undo-");
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(kafka.offsets(10));
    }

    @Test
    void aConsumerJoiningOneOf300GroupsLeavesASummaryThatFitsTheMessageAndJsonAndOneLinePerGroup() throws Exception {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            groups.add(String.format("fleet-group-%s-%03d", kafka.suffix, i));
        }
        commitAll(groups, 10);
        CliRun.Result snapshot = kafka.cli()
                .env("KORB_CONSUMER_GROUPS", String.join(",", groups))
                .run("snapshot", "--snapshot-id", "fleet");
        assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();
        commitAll(groups, 60);
        String joiner = groups.get(150);
        HookedClients clients = new HookedClients().beforeCommit((group, call) -> {
            if (group.equals(joiner)) {
                consumers.add(EmbeddedKafka.shared().liveConsumer(joiner, "classic", kafka.orders));
            }
        });

        CliRun.Result result = kafka.cli()
                .clients(clients)
                .env("KORB_CONSUMER_GROUPS", String.join(",", groups))
                .run("rollback", "--snapshot-id", "fleet", "-o", "json", "--results-dir", results.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        String undo = result("undo-snapshot-id");
        assertThat(undo).as("written: 299 groups changed").startsWith("fleet-undo-");
        assertThat(JsonOutput.terminationBytes(result("message"))).isLessThanOrEqualTo(Results.MESSAGE_LIMIT);
        assertThat(result("message"))
                .contains("299 of 300 groups rolled back")
                .contains(joiner)
                .contains(undo)
                .contains("run it again")
                .doesNotEndWith("...");
        JsonNode outcome = JSON.readTree(result.out()).path("outcome");
        assertThat(outcome.path("rolledBack")).hasSize(299);
        assertThat(outcome.path("notRolledBack")).hasSize(1);
        assertThat(outcome.path("notRolledBack").get(0).path("group").asText()).isEqualTo(joiner);
        assertThat(JSON.readTree(result.out()).path("undoSnapshotId").asText()).isEqualTo(undo);
        assertThat(result.err().lines()).allSatisfy(line -> assertThat(line).hasSizeLessThan(1000));
        assertThat(result.err()).contains(groups.get(0)).contains(groups.get(299));
    }

    @Test
    void aRerunAfterAPartialRollbackNamesTheUndoSnapshotOfTheFirstAttempt() throws Exception {
        kafka.snapshot("before");
        Map<TopicPartition, Long> orderMoved = kafka.offsets(60);
        EmbeddedKafka.shared().commit(kafka.orderProcessor, orderMoved);
        Map<TopicPartition, Long> paymentMoved =
                Map.of(new TopicPartition(kafka.payments, 0), 70L, new TopicPartition(kafka.payments, 1), 71L);
        EmbeddedKafka.shared().commit(kafka.paymentHandler, paymentMoved);
        KafkaConsumer<String, String>[] joined = new KafkaConsumer[1];
        HookedClients joinPayments = new HookedClients().beforeCommit((group, call) -> {
            if (group.equals(kafka.paymentHandler) && joined[0] == null) {
                joined[0] = EmbeddedKafka.shared().liveConsumer(kafka.paymentHandler, "classic", kafka.payments);
            }
        });

        CliRun.Result first =
                run(joinPayments, "rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", "before");
        joined[0].close();

        assertThat(first.exitCode()).as(first.toString()).isEqualTo(4);
        String firstUndo = result("undo-snapshot-id");
        assertThat(firstUndo).startsWith("before-undo-");

        CliRun.Result rerun =
                run(new HookedClients(), "rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", "before");

        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(result("undo-snapshot-id")).startsWith("before-undo-").isNotEqualTo(firstUndo);
        assertThat(result("pre-rollback-snapshot-id")).isEqualTo(firstUndo);
        assertThat(rerun.out()).contains(firstUndo).contains("did not finish");
        assertThat(result("message")).contains(firstUndo);

        CliRun.Result undo =
                run(new HookedClients(), "rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", firstUndo);
        assertThat(undo.exitCode()).as(undo.toString()).isZero();
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(orderMoved);
        assertThat(EmbeddedKafka.shared().committed(kafka.paymentHandler)).isEqualTo(paymentMoved);

        // that rollback finished: a new rollback to "before" starts a history of its own
        CliRun.Result again =
                run(new HookedClients(), "rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", "before");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(result("pre-rollback-snapshot-id")).isEqualTo(result("undo-snapshot-id"));
    }

    @Test
    void aConsumerCommittingWithoutMembershipIsRefusedAndNothingIsChanged() throws Exception {
        kafka.snapshot("before");
        AtomicBoolean stop = new AtomicBoolean();
        Thread committer = assignedConsumerCommitting(kafka.orderProcessor, stop);
        try {
            CliRun.Result result = run(
                    new HookedClients(), "rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", "before");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
            assertThat(result("reason")).isEqualTo("OffsetsMovedSincePlan");
            assertThat(result("changed-partitions"))
                    .as("the plan's changes were never made")
                    .isEqualTo("0");
            assertThat(result("message"))
                    .contains(kafka.orderProcessor)
                    .contains("assign()")
                    .contains("nothing was changed")
                    .doesNotContain(kafka.paymentHandler);
            try (Stream<Path> files = Files.list(store)) {
                assertThat(files.map(Path::toString)).noneMatch(name -> name.contains("-undo-"));
            }
        } finally {
            stop.set(true);
            committer.join(10_000);
        }
    }

    /**
     * A consumer of {@code group} that assigns itself the orders partitions (no group membership, so the group
     * looks Empty) and commits ever larger offsets, from 100 up, as fast as the broker takes them.
     */
    private Thread assignedConsumerCommitting(String group, AtomicBoolean stop) throws Exception {
        Properties props = new Properties();
        props.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.shared().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<TopicPartition> partitions = EmbeddedKafka.partitions(kafka.orders, 3);
        AtomicBoolean committing = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
                consumer.assign(partitions);
                for (long offset = 100; !stop.get(); offset++) {
                    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
                    for (TopicPartition tp : partitions) {
                        commits.put(tp, new OffsetAndMetadata(offset));
                    }
                    // each commit waits for the broker's answer: that paces the loop, as a real consumer's is
                    consumer.commitSync(commits, Duration.ofSeconds(10));
                    committing.set(true);
                }
            }
        });
        thread.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilTrue(committing);
        return thread;
    }

    private void commitAll(List<String> groups, long base) throws Exception {
        Map<String, Map<TopicPartition, Long>> offsets = new HashMap<>();
        groups.forEach(group -> offsets.put(group, kafka.offsets(base)));
        EmbeddedKafka.shared().commitAll(offsets);
    }

    private CliRun.Result run(HookedClients clients, String... args) {
        return kafka.cli()
                .clients(clients)
                .env("KORB_RESULTS_DIR", results.toString())
                .run(args);
    }

    private String result(String name) throws Exception {
        return Files.readString(results.resolve(name));
    }
}
