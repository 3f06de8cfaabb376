package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
    private String group;
    private Map<TopicPartition, Long> atSnapshot;
    private Map<TopicPartition, Long> moved;

    @BeforeEach
    void consumerGroup() throws Exception {
        MovedGroup payments =
                MovedGroup.committed(kafka, "payments", "payment-processor", 40, new long[] {5, 7}, new long[] {33, 7});
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
}
