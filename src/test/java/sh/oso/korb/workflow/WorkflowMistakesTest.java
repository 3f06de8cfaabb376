package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.storage.DefaultSnapshotStoreFactory;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.MovedGroup;

/**
 * The runners catch what would break on a real cluster: an unknown param, a result nobody writes, a variable
 * or flag the executor does not know. Each case edits one shipped file the way a mistake would.
 * Tekton snapshots go to a pvc workspace (a real directory), Argo's to the Kubernetes mock API server.
 */
@EnableKubernetesMockClient(crud = true)
class WorkflowMistakesTest {

    static KubernetesClient kubernetes;

    @TempDir
    Path work;

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();
    private String group;

    @BeforeEach
    void consumerGroup() throws Exception {
        group = MovedGroup.committed(kafka, "mistakes", "mistakes-group", 10, new long[] {4}, new long[0])
                .group();
    }

    private TektonRunner runner() {
        return TektonRunner.installed(new Container(new CliRun()), work, "kafka-backup")
                .claim("snapshots", work.resolve("claim"));
    }

    private JsonNode referenceRun(Map<String, Object> extra) {
        Map<String, Object> params = new java.util.HashMap<>(Map.of(
                "bootstrap-servers",
                kafka.bootstrapServers(),
                "consumer-groups",
                List.of(group),
                "snapshot-id",
                "mistake",
                "storage-type",
                "pvc"));
        params.putAll(extra);
        ObjectNode run = Runs.tektonParams(
                Yaml.read(Yaml.PROJECT.resolve("pipelines/samples/snapshot-rollback-verify-run.yaml")), params);
        run.with("spec")
                .withArray("workspaces")
                .addObject()
                .put("name", "snapshots")
                .putObject("persistentVolumeClaim")
                .put("claimName", "snapshots");
        return run;
    }

    private static ObjectNode installed(String file) {
        return Yaml.copy(Yaml.read(Yaml.PROJECT.resolve(file)));
    }

    @Test
    void theUneditedPipelineRunsWithAPvcWorkspace() {
        TektonRunner.PipelineRun run = runner().run(referenceRun(Map.of()));

        assertThat(run.status()).as(run.toString()).isEqualTo(TektonRunner.Status.SUCCEEDED);
        assertThat(work.resolve("claim/mistake.json")).exists();
    }

    /** Tekton allows extra params (resources.ValidateRequiredParametersProvided): a typo is ignored, not refused. */
    @Test
    void aParamThePipelineDoesNotDeclareIsIgnoredAsTektonIgnoresIt() {
        TektonRunner.PipelineRun run = runner().run(referenceRun(Map.of("bootstrap-server", "kafka:9092")));

        assertThat(run.status()).as(run.toString()).isEqualTo(TektonRunner.Status.SUCCEEDED);
    }

    /** Tekton's taskrun validateParams checks missing and mistyped params only; an extra one is dropped. */
    @Test
    void aParamTheTaskDoesNotDeclareIsIgnoredAsTektonIgnoresIt() {
        ObjectNode pipeline = installed("pipelines/kafka-offset-snapshot-rollback-verify.yaml");
        ((ObjectNode) pipeline.at("/spec/tasks/0"))
                .withArray("params")
                .addObject()
                .put("name", "strict")
                .put("value", "true");

        TektonRunner.PipelineRun run = runner().apply(pipeline).run(referenceRun(Map.of()));

        assertThat(run.status()).as(run.toString()).isEqualTo(TektonRunner.Status.SUCCEEDED);
    }

    @Test
    void aResultALaterTaskExpectsButNoStepWritesIsRefused() {
        ObjectNode pipeline = installed("pipelines/kafka-offset-snapshot-rollback-verify.yaml");
        ObjectNode task = installed("tasks/kafka-offset-snapshot/kafka-offset-snapshot.yaml");
        ((com.fasterxml.jackson.databind.node.ArrayNode) task.at("/spec/results"))
                .addObject()
                .put("name", "snapshot-size");
        ((ObjectNode) pipeline.at("/spec/tasks/1/params/3")).put("value", "$(tasks.snapshot.results.snapshot-size)");

        assertThatThrownBy(() -> runner().apply(task).apply(pipeline).run(referenceRun(Map.of())))
                .hasMessage("Task kafka-offset-snapshot succeeded without writing its result snapshot-size");
    }

    @Test
    void aReferenceToAResultTheTaskDoesNotHaveIsRefused() {
        ObjectNode pipeline = installed("pipelines/kafka-offset-snapshot-rollback-verify.yaml");
        ((ObjectNode) pipeline.at("/spec/tasks/1/params/3")).put("value", "$(tasks.snapshot.results.id)");

        assertThatThrownBy(() -> runner().apply(pipeline).run(referenceRun(Map.of())))
                .hasMessage("invalid result reference in pipeline task \"rollback\": \"id\" is not a named result"
                        + " returned by pipeline task \"snapshot\"");
    }

    @Test
    void anEnvironmentVariableNoKorbOptionReadsIsRefused() {
        ObjectNode task = installed("tasks/kafka-offset-verify/kafka-offset-verify.yaml");
        ((ObjectNode) task.at("/spec/steps/0"))
                .withArray("env")
                .addObject()
                .put("name", "KORB_STRICT_MODE")
                .put("value", "$(params.strict)");

        assertThatThrownBy(() -> runner().apply(task).run(referenceRun(Map.of())))
                .hasMessage("korb verify has no option for the variable KORB_STRICT_MODE");
    }

    @Test
    void aFlagTheExecutorDoesNotAcceptFailsTheTaskWithExitTwo() {
        ObjectNode task = installed("tasks/kafka-offset-snapshot/kafka-offset-snapshot.yaml");
        ((com.fasterxml.jackson.databind.node.ArrayNode) task.at("/spec/steps/0/args")).add("--no-such-flag");

        TektonRunner.PipelineRun run = runner().apply(task).run(referenceRun(Map.of()));

        assertThat(run.status()).isEqualTo(TektonRunner.Status.FAILED);
        assertThat(run.task("snapshot").output()).startsWith("exit 2").contains("--no-such-flag");
        assertThat(run.task("rollback").status()).isEqualTo(TektonRunner.Status.SKIPPED);
    }

    /**
     * Argo's common.ProcessArgs reads only the inputs a template declares: a misspelt argument is dropped and the
     * template runs on. The runner does the same; our own convention test is what catches it in our YAML.
     */
    @Test
    void anArgoArgumentTheTemplateDoesNotDeclareIsIgnoredAsArgoIgnoresIt() {
        String sample = "workflow-templates/samples/snapshot-rollback-verify.yaml";
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("bootstrap-servers", kafka.bootstrapServers());
        arguments.put("consumer-groups", group);
        arguments.put("snapshot-id", "undeclared-argument");
        arguments.put("consumer-group", "typo"); // the template declares consumer-groups
        JsonNode workflow = Runs.argoStepArguments(Yaml.read(Yaml.PROJECT.resolve(sample)), arguments);
        CliRun korb = new CliRun().stores(new DefaultSnapshotStoreFactory(() -> kubernetes, false, () -> null, false));
        Map<String, JsonNode> withTheTypo = new LinkedHashMap<>(ArgoArgumentConvention.shipped());
        withTheTypo.put(sample, workflow);

        ArgoRunner.WorkflowRun run =
                ArgoRunner.installed(new Container(korb), work).run(workflow);

        assertThat(run.phase()).as(run.toString()).isEqualTo(ArgoRunner.Phase.SUCCEEDED);
        assertThat(ArgoArgumentConvention.undeclared(withTheTypo))
                .containsExactly(sample + " templates.main.steps[0][0].snapshot-rollback-verify: passes"
                        + " 'consumer-group', which WorkflowTemplate kafka-offset template snapshot-rollback-verify"
                        + " does not declare");
    }

    @Test
    void anArgoOutputNoContainerWritesIsRefused() {
        ObjectNode template = installed("workflow-templates/kafka-offset.yaml");
        ObjectNode output = ((ObjectNode) template.at("/spec/templates/0/outputs"))
                .withArray("parameters")
                .addObject()
                .put("name", "snapshot-size");
        output.putObject("valueFrom").put("path", "/tmp/korb-results/snapshot-size");
        JsonNode workflow = Runs.argoStepArguments(
                Yaml.read(Yaml.PROJECT.resolve("workflow-templates/samples/snapshot-rollback-verify.yaml")),
                Map.of("bootstrap-servers", kafka.bootstrapServers(), "consumer-groups", group));
        CliRun korb = new CliRun().stores(new DefaultSnapshotStoreFactory(() -> kubernetes, false, () -> null, false));

        assertThatThrownBy(() -> ArgoRunner.installed(new Container(korb), work)
                        .apply(template)
                        .run(workflow))
                .hasMessage("WorkflowTemplate kafka-offset template snapshot: no file /tmp/korb-results/snapshot-size"
                        + " for output snapshot-size");
    }
}
