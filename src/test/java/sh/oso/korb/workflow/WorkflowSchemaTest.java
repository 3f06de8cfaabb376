package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.tekton.v1.Pipeline;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.Task;
import io.fabric8.tekton.v1.TaskRun;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Tekton and Argo file validates against its engine's own schema (strict about unknown fields, as
 * kubectl is) and, for Tekton, parses with the fabric8 Tekton model. Tekton's schema leaves embedded specs
 * and param values open; the model parse and the runner tests cover those.
 */
class WorkflowSchemaTest {

    private static final Schema TASK = Schemas.tekton("300-task.yaml");
    private static final Schema PIPELINE = Schemas.tekton("300-pipeline.yaml");
    private static final Schema PIPELINE_RUN = Schemas.tekton("300-pipelinerun.yaml");
    private static final Schema TASK_RUN = Schemas.tekton("300-taskrun.yaml");
    private static final Schema WORKFLOW_TEMPLATE = Schemas.argo("io.argoproj.workflow.v1alpha1.WorkflowTemplate");
    private static final Schema WORKFLOW = Schemas.argo("io.argoproj.workflow.v1alpha1.Workflow");
    private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();

    static Stream<Path> tektonFiles() {
        return Stream.concat(Yaml.tree("tasks").stream(), Yaml.tree("pipelines").stream())
                .filter(file -> !file.getFileName().toString().equals("kustomization.yaml"));
    }

    static Stream<Path> argoFiles() {
        return Yaml.tree("workflow-templates").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tektonFiles")
    void tektonFilesMatchTektonsSchemaAndModel(Path file) throws Exception {
        JsonNode resource = Yaml.read(file);
        String kind = resource.path("kind").asText();
        Schema schema = switch (kind) {
            case "Task" -> TASK;
            case "Pipeline" -> PIPELINE;
            case "PipelineRun" -> PIPELINE_RUN;
            case "TaskRun" -> TASK_RUN;
            default -> throw new AssertionError(file + ": unexpected kind " + kind);
        };
        assertThat(resource.path("apiVersion").asText()).isEqualTo("tekton.dev/v1");
        assertThat(Schemas.errors(schema, resource)).as(file.toString()).isEmpty();

        String yaml = Yaml.MAPPER.writeValueAsString(resource);
        switch (kind) {
            case "Task" -> {
                Task task = FABRIC8.unmarshal(yaml, Task.class);
                assertThat(task.getSpec().getParams())
                        .hasSize(resource.at("/spec/params").size());
                assertThat(task.getSpec().getResults())
                        .hasSize(resource.at("/spec/results").size());
                assertThat(task.getSpec().getSteps()).allSatisfy(step -> {
                    assertThat(step.getCommand()).containsExactly("korb");
                    assertThat(step.getScript())
                            .as("params reach korb through env only")
                            .isNull();
                    assertThat(step.getSecurityContext().getRunAsNonRoot()).isTrue();
                });
                assertThat(task.getMetadata().getLabels()).containsKey("app.kubernetes.io/version");
                assertThat(task.getMetadata().getAnnotations())
                        .containsKeys(
                                "tekton.dev/pipelines.minVersion",
                                "tekton.dev/categories",
                                "tekton.dev/tags",
                                "tekton.dev/displayName",
                                "tekton.dev/platforms");
            }
            case "Pipeline" -> {
                Pipeline pipeline = FABRIC8.unmarshal(yaml, Pipeline.class);
                assertThat(pipeline.getSpec().getTasks())
                        .hasSize(resource.at("/spec/tasks").size());
                assertThat(pipeline.getSpec().getParams())
                        .hasSize(resource.at("/spec/params").size());
            }
            case "PipelineRun" ->
                assertThat(FABRIC8.unmarshal(yaml, PipelineRun.class)
                                .getSpec()
                                .getPipelineRef()
                                .getName())
                        .isNotBlank();
            default ->
                assertThat(FABRIC8.unmarshal(yaml, TaskRun.class)
                                .getSpec()
                                .getTaskRef()
                                .getName())
                        .isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("argoFiles")
    void argoFilesMatchArgosSchema(Path file) {
        JsonNode resource = Yaml.read(file);
        Schema schema = switch (resource.path("kind").asText()) {
            case "WorkflowTemplate" -> WORKFLOW_TEMPLATE;
            case "ClusterWorkflowTemplate" -> Schemas.argo("io.argoproj.workflow.v1alpha1.ClusterWorkflowTemplate");
            default -> WORKFLOW;
        };
        assertThat(Schemas.errors(schema, resource)).as(file.toString()).isEmpty();
    }

    @Test
    void theSchemasRefuseMisspelledFields() {
        ObjectNode task = Yaml.copy(Yaml.read(TektonCatalog.taskFile("kafka-offset-snapshot")));
        ((ObjectNode) task.at("/spec/steps/0")).put("comand", "korb");
        assertThat(Schemas.errors(TASK, task))
                .anySatisfy(error -> assertThat(error).contains("comand"));

        ObjectNode pipeline = Yaml.copy(Yaml.read(Yaml.PROJECT.resolve("pipelines/kafka-offset-guarded-change.yaml")));
        ((ObjectNode) pipeline.at("/spec/tasks/1")).set("runAfer", pipeline.at("/spec/tasks/1/runAfter"));
        assertThat(Schemas.errors(PIPELINE, pipeline))
                .anySatisfy(error -> assertThat(error).contains("runAfer"));

        ObjectNode template = Yaml.copy(Yaml.read(Yaml.PROJECT.resolve("workflow-templates/kafka-offset.yaml")));
        ((ObjectNode) template.at("/spec/templates/0/container")).put("imagePullPolicyy", "Always");
        assertThat(Schemas.errors(WORKFLOW_TEMPLATE, template))
                .anySatisfy(error -> assertThat(error).contains("imagePullPolicyy"));
    }

    @Test
    void everyOperationHasATaskAPipelineAndAnArgoTemplate() {
        List<String> operations = List.of("snapshot", "rollback", "verify", "delete", "reset");
        JsonNode argo = Yaml.read(Yaml.PROJECT.resolve("workflow-templates/kafka-offset.yaml"));
        for (String operation : operations) {
            assertThat(TektonCatalog.taskFile("kafka-offset-" + operation)).exists();
            assertThat(Yaml.PROJECT.resolve("pipelines/kafka-offset-" + operation + ".yaml"))
                    .exists();
            assertThat(argo.at("/spec/templates").findValuesAsText("name")).contains(operation);
        }
    }
}
