package sh.oso.korb.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.controller.ControllerConfig;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.workflow.ArgoRunner;
import sh.oso.korb.workflow.Container;
import sh.oso.korb.workflow.Schemas;
import sh.oso.korb.workflow.WorkflowException;
import sh.oso.korb.workflow.Yaml;

/** The reference's specs as Argo Workflows: what each field becomes, and that Argo's schema and validation accept it. */
class ArgoEngineTest {

    private static final ControllerConfig CONFIG = new ControllerConfig(
            Set.of(), "registry.example.com/korb:1.2.3", "korb-executor", Duration.ofSeconds(5), -1);
    private static final String WORKFLOW_SCHEMA = "io.argoproj.workflow.v1alpha1.Workflow";
    private final ArgoEngine engine = new ArgoEngine(CONFIG.executor());

    @TempDir
    Path work;

    private static KafkaOffsetRollback example(String name, Consumer<ObjectNode> change) {
        ObjectNode resource = Yaml.copy(ReferenceExamples.named(name));
        resource.with("metadata")
                .put("uid", "8d2f6c1e-0000-4000-8000-000000000001")
                .put("generation", 1);
        change.accept(resource);
        return Serialization.unmarshal(resource.toString(), KafkaOffsetRollback.class);
    }

    private JsonNode workflow(String name, Consumer<ObjectNode> change) {
        return Yaml.parse(Serialization.asYaml(engine.render(example(name, change))));
    }

    static Map<String, String> arguments(JsonNode workflow) {
        Map<String, String> values = new LinkedHashMap<>();
        workflow.at("/spec/arguments/parameters")
                .forEach(parameter -> values.put(
                        parameter.path("name").asText(), parameter.path("value").asText()));
        return values;
    }

    static JsonNode volume(JsonNode template, String name) {
        for (JsonNode volume : template.path("volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    @Test
    void theFullSpecificationMapsEveryField() {
        JsonNode workflow = workflow("offset-rollback", resource -> {});
        JsonNode spec = workflow.path("spec");
        JsonNode template = spec.at("/templates/0");

        assertThat(workflow.path("apiVersion").asText()).isEqualTo("argoproj.io/v1alpha1");
        assertThat(workflow.path("kind").asText()).isEqualTo("Workflow");
        assertThat(workflow.at("/metadata/name").asText()).isEqualTo("offset-rollback-g1");
        assertThat(workflow.at("/metadata/namespace").asText()).isEqualTo("kafka-backup");
        assertThat(workflow.at("/metadata/labels/app.kubernetes.io~1managed-by").asText())
                .isEqualTo("korb");
        assertThat(workflow.at("/metadata/ownerReferences/0/name").asText()).isEqualTo("offset-rollback");
        assertThat(spec.path("templates")).hasSize(1);
        assertThat(spec.path("entrypoint").asText())
                .isEqualTo("snapshot")
                .isEqualTo(template.path("name").asText());
        assertThat(spec.has("workflowTemplateRef")).isFalse();
        assertThat(spec.path("serviceAccountName").asText()).isEqualTo("korb-executor");
        assertThat(arguments(workflow))
                .containsEntry("image", "registry.example.com/korb:1.2.3")
                .containsEntry("bootstrap-servers", "kafka-0.kafka.svc:9092,kafka-1.kafka.svc:9092")
                .containsEntry("consumer-groups", "order-processor,payment-handler")
                .containsEntry("snapshot-id", "pre-migration-snapshot")
                .containsEntry("security-protocol", "SASL_SSL")
                .containsEntry("sasl-mechanism", "SCRAM-SHA-256")
                .containsEntry("sasl-username-key", "username")
                .containsEntry("sasl-password-key", "password")
                .containsEntry("tls-ca-key", "ca.crt")
                .containsEntry("storage-type", "s3")
                .containsEntry("s3-bucket", "kafka-offset-snapshots")
                .containsEntry("s3-region", "us-west-2")
                .containsEntry("s3-prefix", "snapshots")
                .containsEntry("kafka-tls-secret", "kafka-tls")
                .containsEntry("kafka-sasl-secret", "kafka-credentials")
                .doesNotContainKeys("strict", "cloud-credentials-secret", "cpu-request", "memory-limit");
        assertThat(template.at("/retryStrategy/limit").asInt()).isEqualTo(3);
        assertThat(template.at("/retryStrategy/retryPolicy").asText()).isEqualTo("Always");
        assertThat(template.at("/retryStrategy/expression").asText())
                .isEqualTo("lastRetry.status == \"Error\" || asInt(lastRetry.exitCode) == 1");
        assertThat(spec.path("activeDeadlineSeconds").asLong()).isEqualTo(600);
        assertThat(spec.at("/ttlStrategy/secondsAfterCompletion").asLong()).isEqualTo(3600);
        assertThat(template.at("/container/resources/requests/cpu").asText()).isEqualTo("100m");
        assertThat(template.at("/container/resources/requests/memory").asText()).isEqualTo("128Mi");
        assertThat(template.at("/container/resources/limits/cpu").asText()).isEqualTo("200m");
        assertThat(template.at("/container/resources/limits/memory").asText()).isEqualTo("256Mi");
        assertThat(template.has("podSpecPatch"))
                .as("it would override the container's resources")
                .isFalse();
        assertThat(volume(template, "kafka-tls").at("/secret/secretName").asText())
                .isEqualTo("{{inputs.parameters.kafka-tls-secret}}");
        assertThat(volume(template, "cloud-credentials").has("emptyDir"))
                .as("an unnamed Secret reads as none")
                .isTrue();
    }

    @Test
    void withoutResourcesOrJobTheTemplatesDefaultsStayButItDoesNotRetry() {
        JsonNode workflow =
                workflow("create-snapshot", resource -> resource.with("spec").remove(Set.of("job", "resources")));
        JsonNode spec = workflow.path("spec");
        JsonNode template = spec.at("/templates/0");

        assertThat(template.has("podSpecPatch")).isTrue();
        assertThat(template.at("/container/resources").isMissingNode()).isTrue();
        assertThat(template.at("/retryStrategy/limit").isInt())
                .as("no retries unless job.backoffLimit asks, as on Tekton and Job")
                .isTrue();
        assertThat(template.at("/retryStrategy/limit").asInt()).isZero();
        assertThat(spec.path("activeDeadlineSeconds").asLong())
                .as("Tekton's default timeout: a pod that can never start does not leave the resource Running")
                .isEqualTo(3600);
        assertThat(spec.has("ttlStrategy")).isFalse();
        for (String secret : Set.of("kafka-tls", "kafka-sasl", "cloud-credentials")) {
            assertThat(volume(template, secret).has("emptyDir")).as(secret).isTrue();
            assertThat(volume(template, secret).has("secret")).as(secret).isFalse();
        }
        assertThat(arguments(workflow)).doesNotContainKeys("kafka-tls-secret", "kafka-sasl-secret");
    }

    @Test
    void aPvcStoreRunsThePvcTemplateOnTheClaim() {
        JsonNode workflow = workflow(
                "create-snapshot",
                resource -> resource.with("spec")
                        .putObject("storage")
                        .put("storageType", "pvc")
                        .putObject("pvc")
                        .put("claimName", "offset-snapshots"));

        assertThat(arguments(workflow))
                .containsEntry("storage-type", "pvc")
                .containsEntry("pvc-claim-name", "offset-snapshots");
        assertThat(workflow.at("/spec/templates/0/volumes").toString()).contains("persistentVolumeClaim");
    }

    @Test
    void everyCompleteExampleIsAWorkflowArgosSchemaAndValidationAccept() {
        ArgoRunner argo = new ArgoRunner(new Container(new CliRun()), work);
        for (ReferenceExamples.Example example : ReferenceExamples.complete()) {
            JsonNode workflow = workflow(example.name(), resource -> {});
            Set<String> declared = new java.util.HashSet<>();
            workflow.at("/spec/templates/0/inputs/parameters")
                    .forEach(parameter -> declared.add(parameter.path("name").asText()));

            assertThat(Schemas.errors(Schemas.argo(WORKFLOW_SCHEMA), workflow))
                    .as(example.toString())
                    .isEmpty();
            argo.validate(workflow);
            assertThat(declared)
                    .as(example.toString())
                    .containsAll(arguments(workflow).keySet());
        }
    }

    @Test
    void argosSchemaRefusesAFieldItDoesNotKnow() {
        ObjectNode workflow = (ObjectNode) workflow("create-snapshot", resource -> {});
        ((ObjectNode) workflow.at("/spec/templates/0/container")).put("retries", 3);

        assertThat(Schemas.errors(Schemas.argo(WORKFLOW_SCHEMA), workflow))
                .singleElement()
                .asString()
                .contains("retries");
    }

    @Test
    void argoRefusesTheWorkflowWhenTheEntrypointIsNotItsTemplate() {
        ObjectNode workflow = (ObjectNode) workflow("create-snapshot", resource -> {});
        workflow.with("spec").put("entrypoint", "snapshot-rollback-verify");

        assertThatThrownBy(() -> new ArgoRunner(new Container(new CliRun()), work).validate(workflow))
                .isInstanceOf(WorkflowException.class)
                .hasMessageContaining("template name 'snapshot-rollback-verify' undefined");
    }

    @Test
    void noSecretValueIsInTheWorkflowOnlyTheirNames() {
        for (ReferenceExamples.Example example : ReferenceExamples.complete()) {
            String yaml = Serialization.asYaml(engine.render(example(example.name(), resource -> {})));
            JsonNode workflow = Yaml.parse(yaml);

            assertThat(workflow.toString()).as(example.toString()).doesNotContain("\"data\"", "stringData");
            arguments(workflow).forEach((name, value) -> {
                if (name.endsWith("-secret")) {
                    assertThat(RunParams.secretWorkspaces(example(example.name(), resource -> {})))
                            .containsValue(value);
                }
            });
        }
    }
}
