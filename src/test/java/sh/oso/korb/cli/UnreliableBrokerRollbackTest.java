package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.HookedClients;
import sh.oso.korb.testing.ProxiedKafka;

/**
 * Rollbacks against a real broker that korb reaches through a proxy, which cuts the broker off or loses its answers
 * right after the undo snapshot (just before the first commit): the commit phase stays bounded by --timeout, a
 * commit whose answer was lost is uncertain rather than failed, and what korb reports is what happened. The broker
 * allows 1,000 characters of commit metadata, so a snapshot can carry more than it accepts.
 */
class UnreliableBrokerRollbackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 6;
    private static final int METADATA_LIMIT = 1000;
    private static ProxiedKafka broker;

    @TempDir
    Path store;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "unreliable-" + suffix;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = ProxiedKafka.start(Map.of("offset.metadata.max.bytes", String.valueOf(METADATA_LIMIT)));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void restoreTheBroker() {
        broker.proxy().restore();
    }

    @Test
    void aBrokerGoneRightAfterTheUndoSnapshotEndsTheCommitPhaseWithinAFewTimeouts() throws Exception {
        List<String> groups = fleet(300);
        HookedClients clients = new HookedClients().beforeCommit((group, call) -> {
            if (call == 1) {
                broker.proxy().cut();
            }
        });

        long started = System.nanoTime();
        CliRun.Result result = cli(groups)
                .clients(clients)
                .run("rollback", "--snapshot-id", "fleet", "--timeout", "2s", "--parallelism", "32", "-o", "json");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(took).as("the commit phase is bounded by --timeout").isLessThan(Duration.ofSeconds(12));
        assertThat(clients.commits())
                .as("no commit after the cluster is clearly gone")
                .isLessThan(100);
        JsonNode outcome = JSON.readTree(result.out()).path("outcome");
        assertThat(names(outcome.path("notAttempted"))).hasSizeGreaterThan(200);
        assertThat(names(outcome.path("rolledBack")).size()
                        + names(outcome.path("notRolledBack")).size()
                        + names(outcome.path("uncertain")).size()
                        + names(outcome.path("notAttempted")).size())
                .isEqualTo(300);
        assertThat(result("reason")).isEqualTo("RollbackFailed");
        assertThat(result("undo-snapshot-id")).startsWith("fleet-undo-");
        assertThat(result("message"))
                .contains("not attempted")
                .contains(result("undo-snapshot-id"))
                .contains("run it again");
        // one line per group, each cause said once: not one line repeating the cause for every group
        assertThat(result.err().lines()).allSatisfy(line -> assertThat(line).hasSizeLessThan(1000));
        assertThat(result.err()).contains(groups.get(299));

        broker.proxy().restore();
        assertReportIsTrue(groups, outcome);
    }

    @Test
    void commitsWhoseAnswersAreLostAreReReadAndReportedAsTheyLanded() throws Exception {
        List<String> groups = fleet(60);
        HookedClients clients = new HookedClients()
                .beforeCommit((group, call) -> {
                    if (call == 1) {
                        broker.proxy().loseAnswersTo(ApiKeys.OFFSET_COMMIT);
                    }
                })
                .beforeFetch(call -> {
                    if (call > 1) {
                        broker.proxy().restore();
                    }
                });

        CliRun.Result result = cli(groups)
                .clients(clients)
                .run("rollback", "--snapshot-id", "fleet", "--timeout", "2s", "--parallelism", "32", "-o", "json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        JsonNode outcome = JSON.readTree(result.out()).path("outcome");
        assertReportIsTrue(groups, outcome);
        assertThat(names(outcome.path("uncertain")))
                .as("re-read, so known: %s", outcome)
                .isEmpty();
        assertThat(names(outcome.path("rolledBack"))).as(result.toString()).isNotEmpty();
    }

    /**
     * rollback --exact: a deletion whose answers are all lost (the broker applies it, the answer never comes) is not
     * reported as failed: re-reading shows it was applied, so the rollback completes.
     */
    @Test
    void deletionsWhoseAnswersAreLostAreReReadAndReportedAsTheyLanded() throws Exception {
        List<String> groups = fleet(1);
        String group = groups.get(0);
        String extra = topic + "-extra";
        broker.direct().createTopic(extra, 1, 10);
        broker.direct().commit(group, Map.of(new TopicPartition(extra, 0), 5L));
        HookedClients clients = new HookedClients()
                .beforeDelete(deleted -> broker.proxy().loseAnswersTo(ApiKeys.OFFSET_DELETE))
                // the plan's read and the check before the changes come first; then the re-read
                .beforeFetch(call -> {
                    if (call > 2) {
                        broker.proxy().restore();
                    }
                });

        CliRun.Result result = cli(groups)
                .clients(clients)
                .run("rollback", "--snapshot-id", "fleet", "--exact", "--timeout", "2s", "-o", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("no answer, but re-reading shows the deletion was applied");
        JsonNode outcome = JSON.readTree(result.out()).path("outcome");
        assertThat(names(outcome.path("rolledBack"))).containsExactly(group);
        assertThat(outcome.path("deletedPartitions").asInt()).isEqualTo(1);
        assertThat(committed(groups).get(group))
                .hasSize(PARTITIONS)
                .doesNotContainKey(new TopicPartition(extra, 0))
                .containsOnlyKeys(EmbeddedKafka.partitions(topic, PARTITIONS));
    }

    @Test
    void commitsWhoseAnswersAreLostWhileTheBrokerStaysSilentAreUncertainAndVerifyTells() throws Exception {
        List<String> groups = fleet(60);
        HookedClients clients = new HookedClients().beforeCommit((group, call) -> {
            if (call == 1) {
                broker.proxy().loseAnswersTo(ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH);
            }
        });

        CliRun.Result result = cli(groups)
                .clients(clients)
                .run("rollback", "--snapshot-id", "fleet", "--timeout", "2s", "--parallelism", "32", "-o", "json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        JsonNode outcome = JSON.readTree(result.out()).path("outcome");
        assertThat(names(outcome.path("uncertain"))).isNotEmpty();
        assertThat(names(outcome.path("notRolledBack")))
                .as("a lost answer is no failure")
                .isEmpty();
        assertThat(result("message")).contains("uncertain").contains("korb verify");
        broker.proxy().restore();
        assertReportIsTrue(groups, outcome);
    }

    @Test
    void aVerificationThatFailsAfterTheRollbackStillReportsTheRollback() throws Exception {
        List<String> groups = fleet(3);
        HookedClients clients = new HookedClients();
        clients.beforeFetch(call -> {
            if (clients.commits() > 0) {
                broker.proxy().cut();
            }
        });

        CliRun.Result result =
                cli(groups).clients(clients).run("rollback", "--snapshot-id", "fleet", "--timeout", "2s", "--verify");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result("undo-snapshot-id")).startsWith("fleet-undo-");
        assertThat(result("message"))
                .startsWith("Rolled back 3 groups to snapshot fleet: 18 of 18 partitions changed.")
                .contains("Undo with --snapshot-id " + result("undo-snapshot-id"));
        assertThat(result.err()).contains("Rolled back 3 groups");
        broker.proxy().restore();
        assertThat(committed(groups).values())
                .allSatisfy(offsets -> assertThat(offsets.values()).containsOnly(10L));
    }

    @Test
    void metadataLongerThanTheBrokerAllowsIsRefusedInThePlanOrDroppedOnRequest() throws Exception {
        String group = "metadata-" + suffix;
        broker.direct().createTopic(topic, 2, 100);
        commit(group, 40L);
        String metadata = "m".repeat(METADATA_LIMIT + 500);
        Files.writeString(store.resolve("handmade.json"), """
                {"groups": {"%s": {"topics": {"%s": {
                  "0": {"offset": 10, "metadata": "%s"},
                  "1": {"offset": 10, "metadata": ""}}}}}}
                """.formatted(group, topic, metadata));

        CliRun.Result dryRun = cli(List.of(group)).run("rollback", "--snapshot-id", "handmade", "--dry-run");

        assertThat(dryRun.exitCode()).as(dryRun.toString()).isEqualTo(5);
        assertThat(dryRun.out()).containsPattern(topic + "\\s+0\\s+40\\s+-\\s+refuse\\s+.*offset.metadata.max.bytes");

        CliRun.Result refused = cli(List.of(group)).run("rollback", "--snapshot-id", "handmade");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(5);
        assertThat(result("reason")).isEqualTo("RollbackRefused");
        assertThat(result("message"))
                .contains("1500 characters of metadata")
                .contains("offset.metadata.max.bytes is " + METADATA_LIMIT)
                .contains("--on-metadata-too-large=drop")
                .contains("nothing was changed")
                .doesNotContain("run it again");
        assertThat(broker.direct().committed(group))
                .containsOnly(
                        Map.entry(new TopicPartition(topic, 0), 40L), Map.entry(new TopicPartition(topic, 1), 40L));
        assertThat(Files.list(store).map(Path::toString)).noneMatch(name -> name.contains("-undo-"));

        CliRun.Result dropped =
                cli(List.of(group)).run("rollback", "--snapshot-id", "handmade", "--on-metadata-too-large", "drop");

        assertThat(dropped.exitCode()).as(dropped.toString()).isZero();
        Map<TopicPartition, OffsetAndMetadata> now = broker.direct()
                .admin()
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        assertThat(now.get(new TopicPartition(topic, 0))).isEqualTo(new OffsetAndMetadata(10L, ""));
        assertThat(now.get(new TopicPartition(topic, 1)).offset()).isEqualTo(10L);
    }

    /** Every group korb reported rolled back is at the snapshot; every group it reported not rolled back is not. */
    private void assertReportIsTrue(List<String> groups, JsonNode outcome) throws Exception {
        Map<String, Map<TopicPartition, Long>> now = committed(groups);
        for (String group : names(outcome.path("rolledBack"))) {
            assertThat(now.get(group).values())
                    .as(group + " reported rolled back")
                    .containsOnly(10L);
        }
        Set<String> notDone = new HashSet<>(names(outcome.path("notRolledBack")));
        notDone.addAll(names(outcome.path("notAttempted")));
        for (String group : notDone) {
            assertThat(now.get(group).values())
                    .as(group + " reported not rolled back")
                    .containsOnly(45L);
        }
    }

    /** {@code count} groups at offset 10 on the test's topic, snapshotted as "fleet", then moved to 45. */
    private List<String> fleet(int count) throws Exception {
        broker.direct().createTopic(topic, PARTITIONS, 50);
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            groups.add(String.format("group-%s-%03d", suffix, i));
        }
        commitAll(groups, 10L);
        CliRun.Result snapshot = cli(groups).run("snapshot", "--snapshot-id", "fleet");
        assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();
        commitAll(groups, 45L);
        return groups;
    }

    private void commitAll(List<String> groups, long offset) throws Exception {
        Map<TopicPartition, Long> partitions = new HashMap<>();
        EmbeddedKafka.partitions(topic, PARTITIONS).forEach(tp -> partitions.put(tp, offset));
        Map<String, Map<TopicPartition, Long>> offsets = new HashMap<>();
        groups.forEach(group -> offsets.put(group, partitions));
        broker.direct().commitAll(offsets);
    }

    private void commit(String group, long offset) throws Exception {
        broker.direct()
                .commit(group, Map.of(new TopicPartition(topic, 0), offset, new TopicPartition(topic, 1), offset));
    }

    private Map<String, Map<TopicPartition, Long>> committed(List<String> groups) throws Exception {
        return broker.direct().committed(groups);
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(item ->
                names.add(item.isTextual() ? item.asText() : item.path("group").asText()));
        return names;
    }

    private CliRun cli(List<String> groups) {
        return new CliRun()
                .env("KORB_BOOTSTRAP_SERVERS", broker.bootstrapServers())
                .env("KORB_PVC_PATH", store.toString())
                .env("KORB_CONSUMER_GROUPS", String.join(",", groups))
                .env("KORB_RESULTS_DIR", store.resolve("results").toString())
                .env("KORB_TIMEOUT", "20s");
    }

    private String result(String name) throws Exception {
        return Files.readString(store.resolve("results").resolve(name));
    }
}
