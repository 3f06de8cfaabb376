package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.MovedGroup;
import sh.oso.korb.workflow.TektonRunner.Status;

/**
 * The one-operation Pipelines the controller instantiates, each run on its own as a PipelineRun would run it,
 * with snapshots on a PersistentVolumeClaim workspace (a real directory here).
 */
class SingleOperationPipelinesTest {

    @TempDir
    Path work;

    @TempDir
    Path claim;

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();
    private String topic;
    private String group;
    private Map<TopicPartition, Long> atSnapshot;
    private Map<TopicPartition, Long> moved;

    @BeforeEach
    void consumerGroup() throws Exception {
        MovedGroup payments =
                MovedGroup.committed(kafka, "payments", "payment-processor", 40, new long[] {5, 7}, new long[] {33, 7});
        topic = payments.topic();
        group = payments.group();
        atSnapshot = payments.atSnapshot();
        moved = payments.afterChange();
    }

    private TektonRunner runner() {
        return TektonRunner.installed(new Container(new CliRun()), work, "kafka-backup")
                .claim("offset-snapshots", claim);
    }

    /** A PipelineRun of pipelines/kafka-offset-{operation}.yaml with pvc storage on the claim. */
    private JsonNode run(String operation, String params) {
        return Yaml.parse("""
                apiVersion: tekton.dev/v1
                kind: PipelineRun
                metadata:
                  generateName: korb-%1$s-
                spec:
                  pipelineRef:
                    name: kafka-offset-%1$s
                  params:
                    - name: storage-type
                      value: pvc
                %2$s
                  workspaces:
                    - name: snapshots
                      persistentVolumeClaim:
                        claimName: offset-snapshots
                """.formatted(operation, params.indent(4).stripTrailing()));
    }

    private String connection(String snapshotId) {
        return """
                - name: bootstrap-servers
                  value: %s
                - name: consumer-groups
                  value: [%s]
                - name: snapshot-id
                  value: %s""".formatted(kafka.bootstrapServers(), group, snapshotId);
    }

    @Test
    void aSnapshotLandsOnTheClaimAndADeleteRemovesIt() {
        TektonRunner.PipelineRun snapshot = runner().run(run("snapshot", connection("pvc-snap")));

        assertThat(snapshot.status()).as(snapshot.toString()).isEqualTo(Status.SUCCEEDED);
        assertThat(snapshot.results())
                .containsEntry("snapshot-id", "pvc-snap")
                .containsEntry("groups", "1")
                .containsEntry("total-partitions", "2")
                .containsEntry("phase", "Completed");
        assertThat(claim.resolve("pvc-snap.json")).exists();

        TektonRunner.PipelineRun delete = runner().run(run("delete", """
                - name: snapshot-id
                  value: pvc-snap"""));

        assertThat(delete.status()).as(delete.toString()).isEqualTo(Status.SUCCEEDED);
        assertThat(delete.results()).containsEntry("snapshot-id", "pvc-snap").containsEntry("phase", "Completed");
        assertThat(claim.resolve("pvc-snap.json")).doesNotExist();
    }

    @Test
    void aDryRunRollbackReportsThePlanAndCommitsNothing() throws Exception {
        assertThat(runner().run(run("snapshot", connection("pvc-dry"))).status())
                .isEqualTo(Status.SUCCEEDED);
        kafka.commit(group, moved);

        TektonRunner.PipelineRun rollback = runner().run(run("rollback", connection("pvc-dry") + """

                - name: dry-run
                  value: "true\""""));

        assertThat(rollback.status()).as(rollback.toString()).isEqualTo(Status.SUCCEEDED);
        assertThat(rollback.results()).containsEntry("changed-partitions", "1").containsEntry("undo-snapshot-id", "");
        assertThat(kafka.committed(group)).as("a dry run changes nothing").isEqualTo(moved);
        try (var files = Files.list(claim)) {
            assertThat(files).as("and stores no undo snapshot").hasSize(1);
        }
    }

    @Test
    void aVerifyAfterTheOffsetsMovedReportsTheDifferencesAndFailsOnlyWhenStrict() throws Exception {
        assertThat(runner().run(run("snapshot", connection("pvc-verify"))).status())
                .isEqualTo(Status.SUCCEEDED);
        kafka.commit(group, moved);

        TektonRunner.PipelineRun report = runner().run(run("verify", connection("pvc-verify")));
        TektonRunner.PipelineRun strict = runner().run(run("verify", connection("pvc-verify") + """

                - name: strict
                  value: "true\""""));

        assertThat(report.status())
                .as("not strict: the differences are a result")
                .isEqualTo(Status.SUCCEEDED);
        assertThat(report.results()).containsEntry("matched", "false");
        assertThat(report.results().get("differences")).contains(group).contains("33");
        assertThat(strict.status()).isEqualTo(Status.FAILED);
        assertThat(strict.task("verify").output()).startsWith("exit 3");
        assertThat(strict.task("verify").results())
                .containsEntry("matched", "false")
                .containsEntry("phase", "Failed");
    }

    /**
     * The reset Task's sample TaskRun (replay from a time) as a PipelineRun of the one-operation Pipeline: the
     * sample's params with this broker, group and topic, the undo snapshot on the claim.
     */
    @Test
    void theResetSampleReplaysFromItsTime() throws Exception {
        JsonNode sample = Yaml.read(TektonCatalog.taskFile("kafka-offset-reset").resolveSibling("samples/run.yaml"));
        Instant time = Instant.parse(param(sample, "to-datetime"));
        String replayed = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        String replayer = replayed + "-processor";
        replayTopic(replayed, time);
        ObjectNode pipelineRun = Yaml.copy(run("reset", ""));
        ((ArrayNode) pipelineRun.at("/spec/params")).addAll((ArrayNode) sample.at("/spec/params"));

        TektonRunner.PipelineRun reset = runner().run(Runs.tektonParams(
                pipelineRun,
                Map.of(
                        "bootstrap-servers", kafka.bootstrapServers(),
                        "consumer-groups", List.of(replayer),
                        "topics", replayed)));

        assertThat(reset.status()).as(reset.toString()).isEqualTo(Status.SUCCEEDED);
        assertThat(kafka.committed(replayer))
                .as("each partition at its first record at or after %s", time)
                .isEqualTo(Map.of(new TopicPartition(replayed, 0), 2L, new TopicPartition(replayed, 1), 1L));
        assertThat(reset.results())
                .containsEntry("changed-partitions", "2")
                .containsEntry("groups-reset", "1")
                .containsEntry("reason", "ResetCompleted")
                .containsEntry("exit-code", "0");
        assertThat(reset.results().get("decisions")).contains("reset-to-timestamp");
        assertThat(reset.results().get("group-results"))
                .contains("\"group\":\"" + replayer + "\"")
                .contains("success");
        assertThat(claim.resolve(reset.results().get("undo-snapshot-id") + ".json"))
                .as("the undo snapshot, saved first")
                .exists();
    }

    /**
     * from-file through the mapping workspace: a ConfigMap bound to it, its key given as the file's path under the
     * Task's fixed mount path.
     */
    @Test
    void aResetFromAFileReadsTheMappingWorkspace() throws Exception {
        Path mapping = Files.createDirectories(work.resolve("replay-offsets"));
        Files.writeString(mapping.resolve("offsets.json"), """
                {"groups":{"%s":{"%s":{"0":3,"1":6}}}}""".formatted(group, topic));
        ObjectNode pipelineRun = Yaml.copy(run("reset", """
                - name: bootstrap-servers
                  value: %s
                - name: consumer-groups
                  value: [%s]
                - name: topics
                  value: %s
                - name: from-file
                  value: /var/run/korb/mapping/offsets.json""".formatted(kafka.bootstrapServers(), group, topic)));
        ((ArrayNode) pipelineRun.at("/spec/workspaces"))
                .addObject()
                .put("name", "mapping")
                .putObject("configMap")
                .put("name", "replay-offsets");

        TektonRunner.PipelineRun reset =
                runner().configMap("replay-offsets", mapping).run(pipelineRun);

        assertThat(reset.status()).as(reset.toString()).isEqualTo(Status.SUCCEEDED);
        assertThat(kafka.committed(group))
                .isEqualTo(Map.of(new TopicPartition(topic, 0), 3L, new TopicPartition(topic, 1), 6L));
        assertThat(reset.results().get("decisions")).contains("from-file");
    }

    @Test
    void aResetWithEveryTargetLeftAtItsDefaultHasNoTargetAndChangesNothing() throws Exception {
        TektonRunner.PipelineRun reset = runner().run(run("reset", """
                - name: bootstrap-servers
                  value: %s
                - name: consumer-groups
                  value: [%s]""".formatted(kafka.bootstrapServers(), group)));

        assertThat(reset.status()).isEqualTo(Status.FAILED);
        assertThat(reset.task("reset").output()).startsWith("exit 2");
        assertThat(reset.task("reset").results()).containsEntry("reason", "InvalidInput");
        assertThat(kafka.committed(group)).isEqualTo(atSnapshot);
    }

    /** Two partitions of records at known times around {@code time}; a group committed at their end. */
    private void replayTopic(String replayed, Instant time) throws Exception {
        kafka.createTopic(replayed, 2, (short) 1);
        kafka.produceWithTimestamps(
                replayed,
                0,
                millis(time, Duration.ofMinutes(-60)),
                millis(time, Duration.ofMinutes(-30)),
                millis(time, Duration.ZERO),
                millis(time, Duration.ofMinutes(30)));
        kafka.produceWithTimestamps(
                replayed,
                1,
                millis(time, Duration.ofMinutes(-120)),
                millis(time, Duration.ofMinutes(15)),
                millis(time, Duration.ofMinutes(60)));
        kafka.commit(
                replayed + "-processor",
                Map.of(new TopicPartition(replayed, 0), 4L, new TopicPartition(replayed, 1), 3L));
    }

    private static long millis(Instant time, Duration offset) {
        return time.plus(offset).toEpochMilli();
    }

    private static String param(JsonNode run, String name) {
        for (JsonNode param : run.at("/spec/params")) {
            if (param.path("name").asText().equals(name)) {
                return param.path("value").asText();
            }
        }
        throw new AssertionError("no param " + name + " in " + run);
    }
}
