package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.MovedGroup;
import sh.oso.korb.workflow.TektonRunner.Status;

/**
 * The ways tasks/README.md says to install the Tasks, each run as documented (its snippet, with this broker's
 * address and group) against the real broker: the git resolver with nothing applied, and the cluster resolver
 * with the Tasks applied ({@code kubectl apply -n tekton-tasks -k tasks/}) to another namespace than the run's.
 */
class TektonInstallTest {

    private static final String FROM_GIT = "kafka-offset-snapshot-from-git-";
    private static final String FROM_CLUSTER = "kafka-offset-snapshot-from-cluster-";

    @TempDir
    Path work;

    @TempDir
    Path claim;

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();
    private String group;
    private final String snapshotId =
            "installed-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void consumerGroup() throws Exception {
        group = MovedGroup.committed(kafka, "orders", "order-processor", 20, new long[] {4, 9}, new long[] {})
                .group();
    }

    /** A runner in namespace kafka-backup, with nothing applied. */
    private TektonRunner emptyCluster() {
        return new TektonRunner(new Container(new CliRun()), work, "kafka-backup").claim("offset-snapshots", claim);
    }

    /** The README's run, pointed at this broker, group and a fresh snapshot id. */
    private ObjectNode documented(String generateName) {
        ObjectNode run = Yaml.copy(TektonDocs.run(generateName));
        for (var param : run.at("/spec/params")) {
            ObjectNode edited = (ObjectNode) param;
            switch (param.path("name").asText()) {
                case "bootstrap-servers" -> edited.put("value", kafka.bootstrapServers());
                case "consumer-groups" ->
                    edited.set("value", Yaml.MAPPER.createArrayNode().add(group));
                case "snapshot-id" -> edited.put("value", snapshotId);
                default -> throw new AssertionError("unexpected param " + param);
            }
        }
        return run;
    }

    private void assertSnapshotTaken(TektonRunner.PipelineRun run) {
        assertThat(run.status()).as(run.toString()).isEqualTo(Status.SUCCEEDED);
        assertThat(run.results()).containsEntry("snapshot-id", snapshotId);
        assertThat(run.task("snapshot").results()).containsEntry("groups", "1").containsEntry("total-partitions", "2");
        assertThat(claim.resolve(snapshotId + ".json")).exists();
    }

    @Test
    void theGitResolverFetchesTheTaskFromThisRepositoryWithNothingApplied() {
        assertSnapshotTaken(emptyCluster().run(documented(FROM_GIT)));
    }

    @Test
    void aPathNotInTheRepositoryIsRefusedWithTheGitResolversMessage() {
        ObjectNode run = documented(FROM_GIT);
        ArrayNode resolverParams = (ArrayNode) run.at("/spec/pipelineSpec/tasks/0/taskRef/params");
        for (var param : resolverParams) {
            if (param.path("name").asText().equals("pathInRepo")) {
                // where the Task was before tasks/ took the catalog layout
                ((ObjectNode) param).put("value", "tasks/kafka-offset-snapshot.yaml");
            }
        }

        assertThatThrownBy(() -> emptyCluster().run(run))
                .isInstanceOf(WorkflowException.class)
                .hasMessage("error opening file \"tasks/kafka-offset-snapshot.yaml\": file does not exist");
        assertThat(claim).isEmptyDirectory();
    }

    @Test
    void theClusterResolverFindsTheTasksAppliedToAnotherNamespace() {
        TektonRunner runner = emptyCluster();
        TektonCatalog.taskFiles().forEach(file -> runner.apply("tekton-tasks", Yaml.read(file)));

        assertSnapshotTaken(runner.run(documented(FROM_CLUSTER)));
    }

    @Test
    void theClusterResolverFindsNothingWhereNothingWasApplied() {
        TektonRunner runner = emptyCluster();
        TektonCatalog.taskFiles().forEach(file -> runner.apply(Yaml.read(file)));

        assertThatThrownBy(() -> runner.run(documented(FROM_CLUSTER)))
                .as("the Tasks are in the run's namespace, kafka-backup, not in tekton-tasks")
                .isInstanceOf(WorkflowException.class)
                .hasMessage("tasks.tekton.dev \"kafka-offset-snapshot\" not found");
    }
}
