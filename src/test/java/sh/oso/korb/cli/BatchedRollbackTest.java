package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.HookedClients;

/**
 * Rollback and verify in batches of a few offsets on the real broker, so that every batch boundary is crossed: the
 * outputs stay complete, the undo snapshot holds every group, and a group that moves after the plan stops the run at
 * its batch, leaving the batches before it rolled back and a rerun to finish.
 */
class BatchedRollbackTest {

    private static final int GROUPS = 6;
    private static final int PARTITIONS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path store;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "batched-" + suffix;
    private final List<String> groups = new ArrayList<>();
    private Path results;

    @BeforeEach
    void setUp() throws Exception {
        results = store.resolve("results");
        EmbeddedKafka.shared().createTopic(topic, PARTITIONS, 100);
        for (int group = 0; group < GROUPS; group++) {
            groups.add(String.format("batched-%s-%d", suffix, group));
            EmbeddedKafka.shared().commit(groups.get(group), offsets(10 + group));
        }
        CliRun.Result snapshot = korb(new HookedClients(), "snapshot", "--snapshot-id", "before");
        assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();
        for (String group : groups) {
            EmbeddedKafka.shared().commit(group, offsets(90));
        }
    }

    private Map<TopicPartition, Long> offsets(long offset) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        EmbeddedKafka.partitions(topic, PARTITIONS).forEach(tp -> offsets.put(tp, offset));
        return offsets;
    }

    private CliRun.Result korb(HookedClients clients, String... args) {
        return new CliRun()
                .clients(clients)
                .env("KORB_BOOTSTRAP_SERVERS", EmbeddedKafka.shared().bootstrapServers())
                .env("KORB_PVC_PATH", store.toString())
                .env("KORB_TIMEOUT", "20s")
                .env("KORB_CONSUMER_GROUPS", String.join(",", groups))
                .env("KORB_RESULTS_DIR", results.toString())
                .run(args);
    }

    private String result(String name) throws Exception {
        return Files.readString(results.resolve(name));
    }

    @Test
    void batchesOfOneGroupRollBackEveryGroupAndReportEveryPartition() throws Exception {
        Path plan = store.resolve("plan.json");

        CliRun.Result result = korb(
                new HookedClients(),
                "rollback",
                "--snapshot-id",
                "before",
                "--batch-offsets",
                String.valueOf(PARTITIONS),
                "--plan-out",
                plan.toString(),
                "--output",
                "json",
                "--verify");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        for (int group = 0; group < GROUPS; group++) {
            assertThat(EmbeddedKafka.shared().committed(groups.get(group))).isEqualTo(offsets(10 + group));
        }
        assertThat(result.err()).contains("in batches of about 3 offsets");
        assertThat(result("changed-partitions")).isEqualTo("18");
        assertThat(result("matched")).isEqualTo("true");
        JsonNode printed = JSON.readTree(result.out());
        assertThat(printed.get("partitions")).hasSize(GROUPS * PARTITIONS);
        assertThat(printed.get("outcome").get("rolledBack")).hasSize(GROUPS);
        assertThat(printed.get("changedPartitions").asInt()).isEqualTo(18);
        JsonNode planned = JSON.readTree(plan.toFile());
        assertThat(planned.get("partitions")).hasSize(GROUPS * PARTITIONS);
        assertThat(planned.get("decisions").get("commit").asInt()).isEqualTo(18);
        assertThat(planned.get("dryRun").asBoolean()).isFalse();
        assertThat(store.resolve("plan.json.partial")).doesNotExist();

        // the undo snapshot, written batch by batch, holds every group's offsets from before the rollback
        String undo = result("undo-snapshot-id");
        CliRun.Result undoVerified =
                korb(new HookedClients(), "verify", "--snapshot-id", undo, "--batch-offsets", "1", "--output", "json");
        assertThat(undoVerified.exitCode()).as(undoVerified.toString()).isZero();
        JsonNode differences = JSON.readTree(undoVerified.out());
        assertThat(differences.get("differenceCount").asInt()).isEqualTo(18);
        assertThat(differences.get("differences")).hasSize(18);
        assertThat(differences.get("groups").asInt()).isEqualTo(GROUPS);
        assertThat(differences.get("partitionsChecked").asInt()).isEqualTo(18);
        assertThat(Files.readString(store.resolve(undo + ".json")))
                .contains("\"finished\":true")
                .contains(groups.get(0))
                .contains(groups.get(GROUPS - 1));
    }

    @Test
    void aGroupMovingAfterThePlanStopsTheRunAtItsBatchAndARerunFinishes() throws Exception {
        String last = groups.get(GROUPS - 1);
        boolean[] moved = {false};
        // once the first batch commits, a consumer without membership moves the last group's offsets
        HookedClients moveLast = new HookedClients().beforeCommit((group, call) -> {
            if (!moved[0]) {
                moved[0] = true;
                EmbeddedKafka.shared().commit(last, offsets(95));
            }
        });

        CliRun.Result stopped =
                korb(moveLast, "rollback", "--snapshot-id", "before", "--batch-offsets", String.valueOf(PARTITIONS));

        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(1);
        assertThat(result("reason")).isEqualTo("RollbackFailed");
        assertThat(result("message"))
                .contains("not attempted: 1")
                .contains("moved since the plan read them")
                .contains(last);
        for (int group = 0; group < GROUPS - 1; group++) {
            assertThat(EmbeddedKafka.shared().committed(groups.get(group))).isEqualTo(offsets(10 + group));
        }
        assertThat(EmbeddedKafka.shared().committed(last))
                .as("never overwritten")
                .isEqualTo(offsets(95));
        String firstUndo = result("undo-snapshot-id");
        assertThat(firstUndo).startsWith("before-undo-");
        assertThat(Files.readString(store.resolve(firstUndo + ".json"))).contains("\"finished\":false");

        CliRun.Result rerun = korb(new HookedClients(), "rollback", "--snapshot-id", "before", "--batch-offsets", "1");

        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(EmbeddedKafka.shared().committed(last)).isEqualTo(offsets(10 + GROUPS - 1));
        assertThat(result("pre-rollback-snapshot-id")).isEqualTo(firstUndo);
        assertThat(result("changed-partitions")).isEqualTo(String.valueOf(PARTITIONS));
    }

    @Test
    void aBatchSizeBelowOneIsRefusedBeforeAnythingIsRead() throws Exception {
        CliRun.Result result = korb(new HookedClients(), "rollback", "--snapshot-id", "before", "--batch-offsets", "0");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("--batch-offsets must be at least 1");
        assertThat(EmbeddedKafka.shared().committed(groups.get(0))).isEqualTo(offsets(90));
    }
}
