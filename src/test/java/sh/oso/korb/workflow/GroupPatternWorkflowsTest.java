package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.storage.DefaultSnapshotStoreFactory;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.workflow.ArgoRunner.Phase;
import sh.oso.korb.workflow.TektonRunner.Status;

/**
 * The reference workflow with its groups given by {@code group-pattern} instead of {@code consumer-groups}, on both
 * engines: the Pipeline's and the steps template's {@code consumer-groups} keep their empty defaults (Tekton's
 * {@code []} reaches korb as a bare {@code --consumer-groups}), the snapshot takes the cluster's groups that match the
 * whole pattern, and the rollback and verify the snapshot's. A group whose id only contains a match is left alone.
 */
@EnableKubernetesMockClient(crud = true)
class GroupPatternWorkflowsTest {

    static KubernetesClient kubernetes;

    @TempDir
    Path work;

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();
    private String pattern;
    private String topic;
    private List<String> matching;
    private String notMatching;

    @BeforeEach
    void groups() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        topic = "pattern-" + suffix;
        kafka.createTopic(topic, 2, 40);
        pattern = "pattern-" + suffix + "-.*";
        matching = List.of("pattern-" + suffix + "-a", "pattern-" + suffix + "-b");
        notMatching = "legacy-pattern-" + suffix + "-c";
        for (String group : List.of(matching.get(0), matching.get(1), notMatching)) {
            kafka.commit(group, offsets(5, 7));
        }
    }

    private Map<TopicPartition, Long> offsets(long first, long second) {
        return Map.of(new TopicPartition(topic, 0), first, new TopicPartition(topic, 1), second);
    }

    /** The change gone wrong: every group's offsets moved, the one the pattern does not match too. */
    private void moveEveryGroup() {
        try {
            for (String group : List.of(matching.get(0), matching.get(1), notMatching)) {
                kafka.commit(group, offsets(33, 1));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Container container() {
        return new Container(
                new CliRun().stores(new DefaultSnapshotStoreFactory(() -> kubernetes, false, () -> null, false)));
    }

    @Test
    void tektonsReferenceWorkflowSnapshotsRollsBackAndVerifiesTheGroupsAPatternMatches() throws Exception {
        ObjectNode run = Runs.tektonParams(
                Yaml.read(Yaml.PROJECT.resolve("pipelines/samples/snapshot-rollback-verify-run.yaml")),
                Map.of(
                        "bootstrap-servers",
                        kafka.bootstrapServers(),
                        "group-pattern",
                        pattern,
                        "snapshot-id",
                        "tekton-pattern"));
        removeNamed(run.with("spec").withArray("params"), "consumer-groups");

        TektonRunner.PipelineRun result = TektonRunner.installed(container(), work, "kafka-backup")
                .beforeTask("rollback", this::moveEveryGroup)
                .run(run);

        assertThat(result.status()).as(result.toString()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.task("snapshot").results())
                .containsEntry("groups", "2")
                .containsEntry("total-partitions", "4");
        assertThat(result.task("rollback").results()).containsEntry("changed-partitions", "4");
        assertThat(result.task("verify").results()).containsEntry("matched", "true");
        assertRolledBackOnlyTheMatchingGroups();
    }

    @Test
    void argosReferenceWorkflowSnapshotsRollsBackAndVerifiesTheGroupsAPatternMatches() throws Exception {
        ObjectNode workflow = Runs.argoStepArguments(
                Yaml.read(Yaml.PROJECT.resolve("workflow-templates/samples/snapshot-rollback-verify.yaml")),
                Map.of(
                        "bootstrap-servers",
                        kafka.bootstrapServers(),
                        "group-pattern",
                        pattern,
                        "snapshot-id",
                        "argo-pattern"));
        removeNamed((ArrayNode) workflow.at("/spec/templates/0/steps/0/0/arguments/parameters"), "consumer-groups");

        ArgoRunner.WorkflowRun run = ArgoRunner.installed(container(), work)
                .beforeStep("rollback", this::moveEveryGroup)
                .run(workflow);

        assertThat(run.phase()).as(run.toString()).isEqualTo(Phase.SUCCEEDED);
        assertThat(run.node("snapshot").outputs()).containsEntry("total-partitions", "4");
        assertThat(run.node("rollback").outputs()).containsEntry("changed-partitions", "4");
        assertThat(run.node("verify").outputs()).containsEntry("matched", "true");
        assertRolledBackOnlyTheMatchingGroups();
    }

    private void assertRolledBackOnlyTheMatchingGroups() throws Exception {
        for (String group : matching) {
            assertThat(kafka.committed(group)).as(group).isEqualTo(offsets(5, 7));
        }
        assertThat(kafka.committed(notMatching))
                .as("the pattern matches whole ids: %s is not one of its groups", notMatching)
                .isEqualTo(offsets(33, 1));
    }

    private static void removeNamed(ArrayNode items, String name) {
        for (int i = items.size() - 1; i >= 0; i--) {
            if (items.get(i).path("name").asText().equals(name)) {
                items.remove(i);
            }
        }
    }
}
