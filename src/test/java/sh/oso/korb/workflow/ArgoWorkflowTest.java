package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.storage.DefaultSnapshotStoreFactory;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.workflow.ArgoRunner.Phase;

/**
 * The Argo WorkflowTemplate, run through its sample Workflow by {@link ArgoRunner} against the real broker,
 * with snapshots in ConfigMaps of the Kubernetes mock API server.
 */
@EnableKubernetesMockClient(crud = true)
class ArgoWorkflowTest {

    static KubernetesClient kubernetes;

    @TempDir
    Path work;

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();

    private ArgoRunner runner() {
        CliRun korb = new CliRun().stores(new DefaultSnapshotStoreFactory(() -> kubernetes, false, () -> null, false));
        return ArgoRunner.installed(new Container(korb), work);
    }

    private static JsonNode sample() {
        return Yaml.read(Yaml.PROJECT.resolve("workflow-templates/samples/snapshot-rollback-verify.yaml"));
    }

    @Test
    void theReferenceWorkflowRunsThroughTheSampleWorkflowsTemplateRef() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String topic = "argo-" + suffix;
        String group = "argo-group-" + suffix;
        kafka.createTopic(topic, 2, 40);
        Map<TopicPartition, Long> atSnapshot =
                Map.of(new TopicPartition(topic, 0), 5L, new TopicPartition(topic, 1), 7L);
        kafka.commit(group, atSnapshot);
        JsonNode workflow = Runs.argoStepArguments(
                sample(), Map.of("bootstrap-servers", kafka.bootstrapServers(), "consumer-groups", group));

        ArgoRunner.WorkflowRun run = runner().beforeStep(
                        "rollback",
                        () -> commit(
                                group, Map.of(new TopicPartition(topic, 0), 33L, new TopicPartition(topic, 1), 1L)))
                .run(workflow);

        assertThat(run.phase()).as(run.toString()).isEqualTo(Phase.SUCCEEDED);
        assertThat(kafka.committed(group)).isEqualTo(atSnapshot);
        assertThat(run.node("snapshot").outputs())
                .containsEntry("snapshot-id", "before-change")
                .containsEntry("total-partitions", "2");
        assertThat(run.node("rollback").outputs()).containsEntry("changed-partitions", "2");
        assertThat(run.node("verify").outputs())
                .containsEntry("matched", "true")
                .containsEntry("phase", "Completed");
        assertThat(run.node("snapshot-rollback-verify").outputs())
                .containsEntry("matched", "true")
                .containsEntry("changed-partitions", "2");
        assertThat(kubernetes
                        .configMaps()
                        .inNamespace("default")
                        .withName("offset-snapshots")
                        .get()
                        .getData())
                .containsKey("before-change.json");
    }

    @Test
    void aStrictVerifyThatFindsDifferencesFailsTheWorkflow() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String topic = "argo-drift-" + suffix;
        String group = "argo-drift-group-" + suffix;
        kafka.createTopic(topic, 1, 40);
        kafka.commit(group, Map.of(new TopicPartition(topic, 0), 5L));
        JsonNode workflow = Runs.argoStepArguments(
                sample(),
                Map.of(
                        "bootstrap-servers",
                        kafka.bootstrapServers(),
                        "consumer-groups",
                        group,
                        "snapshot-id",
                        "drift-" + suffix));

        // A consumer commits again after the rollback and before the verify.
        ArgoRunner.WorkflowRun run = runner().beforeStep(
                        "verify", () -> commit(group, Map.of(new TopicPartition(topic, 0), 21L)))
                .run(workflow);

        assertThat(run.phase()).isEqualTo(Phase.FAILED);
        assertThat(run.node("verify").output()).startsWith("exit 3");
        assertThat(run.node("verify").outputs())
                .containsEntry("matched", "false")
                .containsEntry("phase", "Failed");
    }

    /**
     * The ClusterWorkflowTemplate of the pvc variant, reached with clusterScope: the claim named by pvc-claim-name
     * holds the snapshot, and the resource parameters reach the pod through podSpecPatch.
     */
    @Test
    void thePvcClusterSampleKeepsTheSnapshotOnTheClaim() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String topic = "argo-pvc-" + suffix;
        String group = "argo-pvc-group-" + suffix;
        kafka.createTopic(topic, 1, 40);
        kafka.commit(group, Map.of(new TopicPartition(topic, 0), 5L));
        Path claim = java.nio.file.Files.createDirectories(work.resolve("claim"));
        JsonNode workflow = Runs.argoStepArguments(
                Yaml.read(Yaml.PROJECT.resolve("workflow-templates/samples/snapshot-rollback-verify-pvc-cluster.yaml")),
                Map.of(
                        "bootstrap-servers",
                        kafka.bootstrapServers(),
                        "consumer-groups",
                        group,
                        "pvc-claim-name",
                        "snapshots-" + suffix,
                        "memory-limit",
                        "512Mi"));

        ArgoRunner.WorkflowRun run =
                runner().claim("snapshots-" + suffix, claim).run(workflow);

        assertThat(run.phase()).as(run.toString()).isEqualTo(Phase.SUCCEEDED);
        assertThat(claim.resolve("before-change.json")).exists();
        assertThat(run.node("snapshot").podSpecPatch().at("/containers/0/resources"))
                .isEqualTo(Yaml.parse("{requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 512Mi}}"));
        assertThat(run.node("snapshot").podSpecPatch().at("/containers/0/name").asText())
                .isEqualTo("main");
    }

    /**
     * The reset sample (replay from a time) with this broker's group and topic: each partition goes back to its first
     * record at or after the sample's time, and the offsets from before are the undo snapshot in the ConfigMap.
     */
    @Test
    void theResetSampleReplaysFromItsTime() throws Exception {
        JsonNode sample = Yaml.read(Yaml.PROJECT.resolve("workflow-templates/samples/reset-replay-from-time.yaml"));
        Instant time =
                Instant.parse(sample.at("/spec/arguments/parameters/0/value").asText());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String topic = "argo-replay-" + suffix;
        String group = "argo-replay-group-" + suffix;
        kafka.createTopic(topic, 2, (short) 1);
        long minute = 60_000;
        long at = time.toEpochMilli();
        kafka.produceWithTimestamps(topic, 0, at - 60 * minute, at - 30 * minute, at, at + 30 * minute);
        kafka.produceWithTimestamps(topic, 1, at - 120 * minute, at + 15 * minute, at + 60 * minute);
        kafka.commit(group, Map.of(new TopicPartition(topic, 0), 4L, new TopicPartition(topic, 1), 3L));
        JsonNode workflow = Runs.argoStepArguments(
                sample,
                Map.of("bootstrap-servers", kafka.bootstrapServers(), "consumer-groups", group, "topics", topic));

        ArgoRunner.WorkflowRun run = runner().run(workflow);

        assertThat(run.phase()).as(run.toString()).isEqualTo(Phase.SUCCEEDED);
        assertThat(kafka.committed(group))
                .as("each partition at its first record at or after %s", time)
                .isEqualTo(Map.of(new TopicPartition(topic, 0), 2L, new TopicPartition(topic, 1), 1L));
        Map<String, String> outputs = run.node("reset").outputs();
        assertThat(outputs)
                .containsEntry("changed-partitions", "2")
                .containsEntry("groups-reset", "1")
                .containsEntry("reason", "ResetCompleted");
        assertThat(outputs.get("group-results")).contains(group).contains("success");
        assertThat(kubernetes
                        .configMaps()
                        .inNamespace("default")
                        .withName("offset-snapshots")
                        .get()
                        .getData())
                .as("the undo snapshot, saved first")
                .containsKey(outputs.get("undo-snapshot-id") + ".json");
    }

    /** from-file through the ConfigMap mapping-configmap names, its key under the template's fixed mount path. */
    @Test
    void aResetFromAFileReadsTheMappingConfigMap() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String topic = "argo-mapped-" + suffix;
        String group = "argo-mapped-group-" + suffix;
        kafka.createTopic(topic, 2, 40);
        kafka.commit(group, Map.of(new TopicPartition(topic, 0), 30L, new TopicPartition(topic, 1), 30L));
        Path mapping = Files.createDirectories(work.resolve("mapping"));
        Files.writeString(
                mapping.resolve("offsets.json"),
                "{\"groups\":{\"%s\":{\"%s\":{\"0\":3,\"1\":6}}}}".formatted(group, topic));
        JsonNode workflow = Runs.argoStepArguments(
                Yaml.read(Yaml.PROJECT.resolve("workflow-templates/samples/reset-replay-from-time.yaml")),
                Map.of(
                        "bootstrap-servers",
                        kafka.bootstrapServers(),
                        "consumer-groups",
                        group,
                        "topics",
                        topic,
                        "to-datetime",
                        "",
                        "from-file",
                        "/var/run/korb/mapping/offsets.json",
                        "mapping-configmap",
                        "replay-offsets-" + suffix));

        ArgoRunner.WorkflowRun run =
                runner().configMap("replay-offsets-" + suffix, mapping).run(workflow);

        assertThat(run.phase()).as(run.toString()).isEqualTo(Phase.SUCCEEDED);
        assertThat(kafka.committed(group))
                .isEqualTo(Map.of(new TopicPartition(topic, 0), 3L, new TopicPartition(topic, 1), 6L));
        assertThat(run.node("reset").outputs().get("decisions")).contains("from-file");
    }

    private void commit(String group, Map<TopicPartition, Long> offsets) {
        try {
            kafka.commit(group, offsets);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
