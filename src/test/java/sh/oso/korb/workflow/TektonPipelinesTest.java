package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.storage.DefaultSnapshotStoreFactory;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.MovedGroup;
import sh.oso.korb.workflow.TektonRunner.Status;

/**
 * The project's Tekton Pipelines and Tasks, run by {@link TektonRunner} against the real broker, with
 * snapshots in ConfigMaps of the Kubernetes mock API server (the only part that cannot run here for real).
 */
@EnableKubernetesMockClient(crud = true)
class TektonPipelinesTest {

    static KubernetesClient kubernetes;

    @TempDir
    Path work;

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();
    private String group;
    private String topic;
    private Map<TopicPartition, Long> atSnapshot;
    private Map<TopicPartition, Long> afterChange;

    @BeforeEach
    void consumerGroup() throws Exception {
        MovedGroup orders = MovedGroup.committed(
                kafka, "orders", "order-processor", 50, new long[] {10, 20, 30}, new long[] {45, 3, 50});
        topic = orders.topic();
        group = orders.group();
        atSnapshot = orders.atSnapshot();
        afterChange = orders.afterChange();
    }

    private Container container() {
        CliRun korb = new CliRun().stores(new DefaultSnapshotStoreFactory(() -> kubernetes, false, () -> null, false));
        return new Container(korb).command("migrate", env -> {
            moveOffsets();
            boolean fails = env.get("OUTCOME").equals("fail");
            return new Container.Exit(fails ? 1 : 0, fails ? "migration failed" : "migrated");
        });
    }

    private void moveOffsets() {
        try {
            kafka.commit(group, afterChange);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private TektonRunner runner() {
        return TektonRunner.installed(container(), work, "kafka-backup")
                .apply(changeTask("migration-that-fails", "fail"))
                .apply(changeTask("migration-that-succeeds", "succeed"));
    }

    private static JsonNode changeTask(String name, String outcome) {
        return Yaml.parse("""
                apiVersion: tekton.dev/v1
                kind: Task
                metadata:
                  name: %s
                spec:
                  params:
                    - name: outcome
                      default: %s
                  steps:
                    - name: migrate
                      image: registry.example.com/migrations:1.0
                      command: [migrate]
                      env:
                        - name: OUTCOME
                          value: $(params.outcome)
                """.formatted(name, outcome));
    }

    private static JsonNode sampleRun(String file, Map<String, Object> params) {
        return Runs.tektonParams(Yaml.read(Yaml.PROJECT.resolve("pipelines/samples/" + file)), params);
    }

    private Map<String, Object> connection(String snapshotId) {
        return Map.of(
                "bootstrap-servers",
                kafka.bootstrapServers(),
                "consumer-groups",
                List.of(group),
                "snapshot-id",
                snapshotId);
    }

    @Test
    void theReferenceWorkflowSnapshotsRollsBackAndVerifies() throws Exception {
        TektonRunner.PipelineRun run = runner().beforeTask("rollback", this::moveOffsets)
                .run(sampleRun("snapshot-rollback-verify-run.yaml", connection("before-change")));

        assertThat(run.status()).as(run.toString()).isEqualTo(Status.SUCCEEDED);
        assertThat(kafka.committed(group)).isEqualTo(atSnapshot);
        assertThat(run.task("snapshot").results())
                .containsEntry("snapshot-id", "before-change")
                .containsEntry("groups", "1")
                .containsEntry("total-partitions", "3")
                .containsEntry("phase", "Completed");
        assertThat(run.task("rollback").results()).containsEntry("changed-partitions", "3");
        assertThat(run.task("verify").results()).containsEntry("matched", "true");
        assertThat(run.results())
                .containsEntry("snapshot-id", "before-change")
                .containsEntry("matched", "true")
                .containsEntry("changed-partitions", "3");
        assertThat(run.results().get("undo-snapshot-id")).startsWith("before-change-undo-");
        ConfigMap snapshots = kubernetes
                .configMaps()
                .inNamespace("default")
                .withName("offset-snapshots")
                .get();
        assertThat(snapshots.getData())
                .containsKey("before-change.json")
                .containsKey(run.results().get("undo-snapshot-id") + ".json");
    }

    @Test
    void theGuardedChangeRollsBackAndVerifiesWhenTheChangeFails() throws Exception {
        Map<String, Object> params = new java.util.HashMap<>(connection("guarded-fail"));
        params.put("change-task", "migration-that-fails");

        TektonRunner.PipelineRun run = runner().run(guardedRun(params));

        assertThat(run.status()).as("the change failed, so the run did").isEqualTo(Status.FAILED);
        assertThat(run.task("change").status()).isEqualTo(Status.FAILED);
        assertThat(run.task("rollback").status())
                .as(run.task("rollback").output())
                .isEqualTo(Status.SUCCEEDED);
        assertThat(kafka.committed(group)).as("rolled back to the snapshot").isEqualTo(atSnapshot);
        assertThat(run.task("rollback").results())
                .containsEntry("matched", "true")
                .containsEntry("changed-partitions", "3");
        assertThat(run.results())
                .containsEntry("rollback-matched", "true")
                .containsEntry("snapshot-id", "guarded-fail");
    }

    @Test
    void theGuardedChangeLeavesOffsetsAloneWhenTheChangeSucceeds() throws Exception {
        Map<String, Object> params = new java.util.HashMap<>(connection("guarded-ok"));
        params.put("change-task", "migration-that-succeeds");

        TektonRunner.PipelineRun run = runner().run(guardedRun(params));

        assertThat(run.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(run.task("rollback").status()).isEqualTo(Status.SKIPPED);
        assertThat(kafka.committed(group)).as("the change's offsets stay").isEqualTo(afterChange);
        assertThat(run.results()).containsOnlyKeys("snapshot-id");
    }

    /** The guarded-change sample, switched to this test's broker and to configMap storage with no Secrets. */
    private JsonNode guardedRun(Map<String, Object> params) {
        Map<String, Object> all = new java.util.HashMap<>(params);
        all.put("security-protocol", "PLAINTEXT");
        all.put("storage-type", "configMap");
        com.fasterxml.jackson.databind.node.ObjectNode run =
                Runs.tektonParams(Yaml.read(Yaml.PROJECT.resolve("pipelines/samples/guarded-change-run.yaml")), all);
        run.with("spec").remove("workspaces");
        return run;
    }
}
