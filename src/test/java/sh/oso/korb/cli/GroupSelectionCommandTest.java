package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;

/** --all-groups and --group-pattern choose the groups of snapshot, rollback and verify, on the real broker. */
class GroupSelectionCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * --all-groups takes every group on the cluster: a cluster of its own, so that the other tests' groups on the
     * shared broker are not among them.
     */
    @Nested
    class AllGroups {

        private static EmbeddedKafka cluster;

        @TempDir
        Path store;

        private final String suffix = UUID.randomUUID().toString().substring(0, 8);
        private final String topic = "all-" + suffix;

        @BeforeAll
        static void startCluster() {
            cluster = EmbeddedKafka.start(1);
        }

        @AfterAll
        static void stopCluster() {
            cluster.close();
        }

        private CliRun cli() {
            return new CliRun()
                    .env("KORB_BOOTSTRAP_SERVERS", cluster.bootstrapServers())
                    .env("KORB_PVC_PATH", store.toString())
                    .env("KORB_TIMEOUT", "20s");
        }

        private Map<TopicPartition, Long> offsets(long first) {
            return Map.of(new TopicPartition(topic, 0), first, new TopicPartition(topic, 1), first + 1);
        }

        @Test
        void snapshotThenRollbackRestoresTheSnapshotsGroupsAndLeavesANewGroupAlone() throws Exception {
            // an empty cluster, as every first run meets it: an empty snapshot, with a warning
            CliRun.Result empty = cli().run("snapshot", "--all-groups", "--snapshot-id", "empty");
            assertThat(empty.exitCode()).as(empty.toString()).isZero();
            assertThat(empty.err()).contains("warning: the snapshot is empty");
            assertThat(JSON.readTree(store.resolve("empty.json").toFile())
                            .path("groups")
                            .size())
                    .isZero();

            cluster.createTopic(topic, 2, 100);
            List<String> old = List.of("old-a-" + suffix, "old-b-" + suffix);
            for (String group : old) {
                cluster.commit(group, offsets(10));
            }
            Path results = store.resolve("results");
            // a Tekton Task passes --consumer-groups with an empty array param as a bare flag
            CliRun.Result taken = cli().run("snapshot", "--consumer-groups", "--all-groups", "--snapshot-id", "before");
            assertThat(taken.exitCode()).as(taken.toString()).isZero();
            assertThat(taken.out()).contains("Snapshot before created: 2 groups, 4 partitions");
            JsonNode snapshot = JSON.readTree(store.resolve("before.json").toFile());
            assertThat(snapshot.path("groupSelection")).isEqualTo(JSON.readTree("{\"allGroups\":true}"));
            assertThat(snapshot.path("groups").fieldNames()).toIterable().containsExactlyElementsOf(old);

            String created = "new-" + suffix;
            cluster.commit(created, offsets(50));
            for (String group : old) {
                cluster.commit(group, offsets(70));
            }

            CliRun.Result rolledBack = cli().run(
                            "rollback", "--all-groups", "--snapshot-id", "before", "--results-dir", results.toString());

            assertThat(rolledBack.exitCode()).as(rolledBack.toString()).isZero();
            for (String group : old) {
                assertThat(cluster.committed(group)).isEqualTo(offsets(10));
            }
            assertThat(cluster.committed(created)).isEqualTo(offsets(50));
            assertThat(rolledBack.err())
                    .contains("2 of snapshot before's groups chosen by --all-groups")
                    .contains("Left alone: 1 consumer group on the cluster that snapshot before does not hold ("
                            + created + ")");
            assertThat(Files.readString(results.resolve("message")))
                    .endsWith("Left alone: 1 consumer group on the cluster that snapshot before does not hold ("
                            + created + ").");
            assertThat(Files.readString(results.resolve("groups"))).isEqualTo("2");

            CliRun.Result verified = cli().run("verify", "--all-groups", "--snapshot-id", "before", "--strict");
            assertThat(verified.exitCode()).as(verified.toString()).isZero();
            assertThat(verified.err()).contains("(" + created + ")");

            CliRun.Result shown = cli().run("show", "--snapshot-id", "before");
            assertThat(shown.out()).contains("Groups:    every consumer group (--all-groups)");
        }
    }

    /** --group-pattern, on the shared broker: the fixture's names are unique to one test. */
    @Nested
    class Pattern extends KafkaCommandTest {

        private String both() {
            return "(order-processor|payment-handler)-" + kafka.suffix;
        }

        @Test
        void aPatternChoosesTheMatchingGroupsAtSnapshotRollbackAndVerify() throws Exception {
            CliRun.Result onlyOrders =
                    kafka.korb("snapshot", "--group-pattern", "order-.*-" + kafka.suffix, "--snapshot-id", "orders");
            assertThat(onlyOrders.exitCode()).as(onlyOrders.toString()).isZero();
            JsonNode orders = JSON.readTree(store.resolve("orders.json").toFile());
            assertThat(orders.path("groups").fieldNames()).toIterable().containsExactly(kafka.orderProcessor);
            assertThat(orders.path("groupSelection").path("pattern").asText()).isEqualTo("order-.*-" + kafka.suffix);

            CliRun.Result taken =
                    kafka.cli().env("KORB_GROUP_PATTERN", both()).run("snapshot", "--snapshot-id", "both");
            assertThat(taken.exitCode()).as(taken.toString()).isZero();
            assertThat(taken.out()).contains("2 groups, 7 partitions");

            Map<TopicPartition, Long> moved = kafka.offsets(60);
            EmbeddedKafka.shared().commit(kafka.orderProcessor, moved);
            EmbeddedKafka.shared().commit(kafka.paymentHandler, Map.of(new TopicPartition(kafka.payments, 0), 90L));

            CliRun.Result rolledBack = kafka.korb(
                    "rollback", "--group-pattern", "order-processor-" + kafka.suffix, "--snapshot-id", "both");
            assertThat(rolledBack.exitCode()).as(rolledBack.toString()).isZero();
            assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(kafka.offsets(10));
            assertThat(EmbeddedKafka.shared().committed(kafka.paymentHandler))
                    .containsEntry(new TopicPartition(kafka.payments, 0), 90L);
            assertThat(rolledBack.err()).doesNotContain("Left alone");

            CliRun.Result verified =
                    kafka.korb("verify", "--group-pattern", "payment-.*-" + kafka.suffix, "--snapshot-id", "both");
            assertThat(verified.exitCode()).as(verified.toString()).isZero();
            assertThat(verified.out())
                    .contains(kafka.paymentHandler)
                    .doesNotContain(kafka.orderProcessor)
                    .contains("1 difference");
        }

        @Test
        void aPatternThatMatchesNothingIsRefusedChangingNothing() throws Exception {
            CliRun.Result none = kafka.korb("snapshot", "--group-pattern", "order-processor", "--snapshot-id", "x");
            assertThat(none.exitCode()).isEqualTo(2);
            assertThat(none.err()).contains("--group-pattern 'order-processor' matches none of the cluster's");
            assertThat(store.resolve("x.json")).doesNotExist();

            kafka.snapshot("listed");
            EmbeddedKafka.shared().commit(kafka.orderProcessor, kafka.offsets(60));
            CliRun.Result notInSnapshot =
                    kafka.korb("rollback", "--group-pattern", "other-" + kafka.suffix, "--snapshot-id", "listed");
            assertThat(notInSnapshot.exitCode()).isEqualTo(2);
            assertThat(notInSnapshot.err())
                    .contains("--group-pattern 'other-" + kafka.suffix + "' matches none of the 2 group(s) in snapshot"
                            + " 'listed'");
            assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(kafka.offsets(60));
        }

        @Test
        void anInvalidPatternOrNotExactlyOneWayToChooseIsInvalidInputChangingNothing() throws Exception {
            List<List<String>> refused = new ArrayList<>();
            refused.add(List.of("--group-pattern", "orders-("));
            refused.add(List.of("--all-groups", "--consumer-groups", kafka.groups()));
            refused.add(List.of("--all-groups", "--group-pattern", ".*"));
            refused.add(List.of("--consumer-groups"));
            refused.add(List.of());
            List<String> messages = new ArrayList<>();
            for (List<String> choice : refused) {
                List<String> args = new ArrayList<>(List.of("--snapshot-id", "x"));
                args.addAll(choice);
                CliRun.Result result = kafka.korb("snapshot", args.toArray(String[]::new));
                assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
                assertThat(result.err().lines().filter(line -> line.startsWith("error:")))
                        .hasSize(1);
                messages.add(result.err());
            }
            assertThat(messages.get(0))
                    .contains("--group-pattern is not a valid Java regular expression: Unclosed group at index 8")
                    .doesNotContain("PatternSyntaxException")
                    .doesNotContain("\tat ");
            assertThat(messages.get(1))
                    .contains("--consumer-groups and --all-groups are given together: give exactly one of"
                            + " --consumer-groups, --all-groups, --group-pattern");
            assertThat(messages.get(2)).contains("--all-groups and --group-pattern are given together");
            assertThat(messages.get(3)).contains("the groups are not chosen: give exactly one of");
            assertThat(messages.get(4)).contains("the groups are not chosen");
            assertThat(store.resolve("x.json")).doesNotExist();

            kafka.snapshot("listed");
            EmbeddedKafka.shared().commit(kafka.orderProcessor, kafka.offsets(60));
            CliRun.Result rollback = kafka.korb(
                    "rollback", "--snapshot-id", "listed", "--consumer-groups", kafka.groups(), "--group-pattern", "(");
            assertThat(rollback.exitCode()).isEqualTo(2);
            assertThat(rollback.err()).contains("--consumer-groups and --group-pattern are given together");
            CliRun.Result badPattern = kafka.korb("rollback", "--snapshot-id", "listed", "--group-pattern", "[order");
            assertThat(badPattern.exitCode()).isEqualTo(2);
            assertThat(badPattern.err()).contains("--group-pattern is not a valid Java regular expression");
            assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(kafka.offsets(60));
        }
    }
}
