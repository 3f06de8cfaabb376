package sh.oso.korb.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.Param;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.WorkspaceBinding;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.api.ResetReferenceExamples;
import sh.oso.korb.controller.ControllerConfig;
import sh.oso.korb.workflow.Schemas;
import sh.oso.korb.workflow.Yaml;

/**
 * The reset reference's runnable examples as PipelineRuns: Tekton's schema accepts each, it embeds the project's
 * reset Pipeline, every param is one it declares, and the fields map as ResetRunParams says, with the rollback's
 * run name, labels of the reset's own, owner, retries, deadline and resources.
 */
class ResetPipelineRunFactoryTest {

    private static final ControllerConfig CONFIG = new ControllerConfig(
            Set.of(), "registry.example.com/korb:1.2.3", "korb-executor", Duration.ofSeconds(5), -1);
    static final String UID = "8d2f6c1e-0000-4000-8000-000000000002";
    private final ResetPipelineRunFactory factory = new ResetPipelineRunFactory(CONFIG.executor());

    static Stream<ReferenceExamples.Example> runnableExamples() {
        return ResetReferenceExamples.complete().stream()
                .filter(example ->
                        !example.resource().at("/spec/strategy").asText().equals("headerBased"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runnableExamples")
    void everyRunnableExampleBecomesAPipelineRunTektonAccepts(ReferenceExamples.Example example) {
        PipelineRun run = factory.create(example(example.name(), resource -> {}));
        JsonNode json = Yaml.parse(Serialization.asYaml(run));

        assertThat(Schemas.errors(Schemas.tekton("300-pipelinerun.yaml"), json)).isEmpty();
        assertThat(run.getSpec().getPipelineSpec().getTasks())
                .singleElement()
                .satisfies(task -> assertThat(task.getTaskRef().getName()).isEqualTo("kafka-offset-reset"));
        assertThat(run.getSpec().getTaskRunTemplate().getServiceAccountName()).isEqualTo("korb-executor");
        assertThat(params(run)).containsEntry("image", "registry.example.com/korb:1.2.3");
    }

    @Test
    void theFullSpecificationMapsItsFieldsWithTheRunsNameLabelsAndOwner() {
        PipelineRun run = factory.create(example("offset-reset", resource -> {}));

        assertThat(run.getMetadata().getName()).isEqualTo("offset-reset-g1");
        assertThat(run.getMetadata().getLabels())
                .containsEntry(RunNames.MANAGED_BY, "korb")
                .containsEntry(RunNames.RESET_LABEL, "offset-reset")
                .containsEntry(RunNames.RESET_UID_LABEL, UID)
                .containsEntry(RunNames.OPERATION_LABEL, "reset")
                .doesNotContainKeys(RunNames.RESOURCE_LABEL, RunNames.UID_LABEL);
        assertThat(run.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("KafkaOffsetReset");
            assertThat(owner.getUid()).isEqualTo(UID);
            assertThat(owner.getController()).isTrue();
        });
        assertThat(params(run))
                .containsEntry("consumer-groups", List.of("order-processor", "payment-handler", "notification-service"))
                .containsEntry("topics", "orders,payments")
                .containsEntry("to-datetime", "2024-12-01T12:00:00Z")
                .containsEntry("snapshot-id", "pre-reset-snapshot")
                .containsEntry("parallelism", "10")
                .containsEntry("dry-run", "false")
                .containsEntry("security-protocol", "SASL_SSL")
                .containsEntry("storage-type", "configMap")
                .containsEntry("configmap-name", "offset-snapshots")
                .containsEntry("configmap-namespace", "kafka-backup")
                .doesNotContainKeys("to-offset", "from-file", "no-undo");
        assertThat(run.getSpec().getWorkspaces())
                .extracting(WorkspaceBinding::getName)
                .containsExactlyInAnyOrder("kafka-tls", "kafka-sasl");
        assertThat(run.getSpec().getPipelineSpec().getTasks().get(0).getRetries())
                .isEqualTo(3);
        assertThat(run.getSpec().getTimeouts().getPipeline().getDuration()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(run.getSpec().getTaskRunSpecs()).singleElement().satisfies(spec -> {
            assertThat(spec.getPipelineTaskName()).isEqualTo("reset");
            assertThat(spec.getComputeResources().getLimits().get("memory").toString())
                    .isEqualTo("512Mi");
        });
    }

    @Test
    void fromMappingBindsTheConfigMapAsTheMappingWorkspace() {
        PipelineRun run = factory.create(example("reset-from-mapping", resource -> {}));

        assertThat(params(run)).containsEntry("from-file", "/var/run/korb/mapping/mapping.json");
        assertThat(run.getSpec().getWorkspaces()).singleElement().satisfies(binding -> {
            assertThat(binding.getName()).isEqualTo("mapping");
            assertThat(binding.getConfigMap().getName()).isEqualTo("offset-mapping");
        });
    }

    @Test
    void withoutAnUndoSnapshotNoStoreIsBound() {
        PipelineRun run = factory.create(example("reset-to-earliest", resource -> {
            ObjectNode spec = resource.with("spec");
            spec.put("createSnapshot", false);
            spec.putObject("storage").put("storageType", "pvc").putObject("pvc").put("claimName", "snapshots");
        }));

        assertThat(params(run)).containsEntry("no-undo", "true").doesNotContainKey("storage-type");
        assertThat(run.getSpec().getWorkspaces()).isEmpty();
    }

    static KafkaOffsetReset example(String name, Consumer<ObjectNode> change) {
        ObjectNode resource = Yaml.copy(ResetReferenceExamples.named(name));
        resource.with("metadata")
                .put("namespace", "kafka-backup")
                .put("uid", UID)
                .put("generation", 1);
        change.accept(resource);
        return Serialization.unmarshal(resource.toString(), KafkaOffsetReset.class);
    }

    private static Map<String, Object> params(PipelineRun run) {
        return run.getSpec().getParams().stream()
                .collect(Collectors.toMap(
                        Param::getName,
                        param -> param.getValue().getArrayVal() != null
                                ? param.getValue().getArrayVal()
                                : param.getValue().getStringVal()));
    }
}
