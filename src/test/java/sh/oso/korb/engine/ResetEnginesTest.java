package sh.oso.korb.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.api.ResetReferenceExamples;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.workflow.ArgoRunner;
import sh.oso.korb.workflow.Schemas;
import sh.oso.korb.workflow.Yaml;

/**
 * KafkaOffsetResets on the Argo and Job engines, made by the rollback's factories: the Argo template reset embedded
 * and the Task kafka-offset-reset's step run, the spec mapped once (ResetRunParams), the mapping ConfigMap of
 * fromMapping as the template's mapping-configmap and a ConfigMap volume at the Task's mount path, createSnapshot
 * false with no store, the job fields and resources as for a rollback.
 */
class ResetEnginesTest {

    private static final ExecutorSettings EXECUTOR =
            new ExecutorSettings("registry.example.com/korb:1.2.3", "korb-executor");
    private static final String UID = ResetPipelineRunFactoryTest.UID;

    private final ArgoEngine argo = new ArgoEngine(EXECUTOR);
    private final JobEngine jobs = new JobEngine(EXECUTOR);

    @TempDir
    Path work;

    @Test
    void theFullSpecificationIsAWorkflowOfTheResetTemplate() {
        JsonNode workflow = workflow(ResetPipelineRunFactoryTest.example("offset-reset", resource -> {}));
        JsonNode template = workflow.at("/spec/templates/0");

        assertThat(workflow.at("/metadata/name").asText()).isEqualTo("offset-reset-g1");
        assertThat(workflow.at("/metadata/labels/kafka.oso.sh~1operation").asText())
                .isEqualTo("reset");
        assertThat(workflow.at("/metadata/labels/kafka.oso.sh~1reset").asText()).isEqualTo("offset-reset");
        assertThat(workflow.at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("KafkaOffsetReset");
        assertThat(workflow.at("/spec/entrypoint").asText()).isEqualTo("reset");
        assertThat(template.path("name").asText()).isEqualTo("reset");
        assertThat(ArgoEngineTest.arguments(workflow))
                .containsEntry("image", "registry.example.com/korb:1.2.3")
                .containsEntry("consumer-groups", "order-processor,payment-handler,notification-service")
                .containsEntry("topics", "orders,payments")
                .containsEntry("to-datetime", "2024-12-01T12:00:00Z")
                .containsEntry("snapshot-id", "pre-reset-snapshot")
                .containsEntry("parallelism", "10")
                .containsEntry("storage-type", "configMap")
                .containsEntry("configmap-name", "offset-snapshots")
                .containsEntry("kafka-tls-secret", "kafka-tls")
                .containsEntry("kafka-sasl-secret", "kafka-credentials")
                .doesNotContainKeys("from-file", "no-undo", "mapping-configmap", "cloud-credentials-secret");
        assertThat(ArgoEngineTest.volume(template, "mapping").has("emptyDir"))
                .as("no mapping named: not the template's default ConfigMap")
                .isTrue();
        assertThat(template.at("/retryStrategy/limit").asInt()).isEqualTo(3);
        assertThat(workflow.at("/spec/activeDeadlineSeconds").asLong()).isEqualTo(1800);
        assertThat(workflow.at("/spec/ttlStrategy/secondsAfterCompletion").asLong())
                .isEqualTo(3600);
        assertThat(template.has("podSpecPatch")).isFalse();
        assertThat(template.at("/container/resources/limits/memory").asText()).isEqualTo("512Mi");
        assertThat(workflow.at("/spec/serviceAccountName").asText()).isEqualTo("korb-executor");
    }

    @Test
    void theFullSpecificationIsAJobOfTheResetTasksStep() {
        Job job = jobs.render(ResetPipelineRunFactoryTest.example("offset-reset", resource -> {}));
        Container container =
                job.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(job.getMetadata().getName()).isEqualTo("offset-reset-g1");
        assertThat(job.getMetadata().getLabels())
                .containsEntry(RunNames.OPERATION_LABEL, "reset")
                .containsEntry(RunNames.RESET_LABEL, "offset-reset")
                .containsEntry(RunNames.RESET_UID_LABEL, UID);
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(3);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(1800L);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
        assertThat(container.getName()).isEqualTo("reset");
        assertThat(container.getArgs())
                .containsExactly(
                        "reset", "--consumer-groups", "order-processor", "payment-handler", "notification-service");
        assertThat(container.getResources().getLimits().get("memory").toString())
                .isEqualTo("512Mi");
        assertThat(env(job))
                .containsEntry("KORB_TOPICS", "orders,payments")
                .containsEntry("KORB_TO_DATETIME", "2024-12-01T12:00:00Z")
                .containsEntry("KORB_TO_OFFSET", "")
                .containsEntry("KORB_SNAPSHOT_ID", "pre-reset-snapshot")
                .containsEntry("KORB_NO_UNDO", "false")
                .containsEntry("KORB_PARALLELISM", "10")
                .containsEntry("KORB_STORAGE_TYPE", "configMap")
                .containsEntry("KORB_NAMESPACE", "kafka-backup")
                .containsEntry("KORB_TLS_SECRET_DIR", "/workspace/kafka-tls")
                .containsEntry("KORB_SASL_USERNAME_FILE", "/workspace/kafka-sasl/username")
                .containsEntry("KORB_FROM_FILE", "")
                .containsEntry("KORB_TERMINATION_MESSAGE_PATH", "/dev/termination-log")
                .doesNotContainKey("KORB_RESULTS_DIR");
        assertThat(volumes(job)).containsOnlyKeys("kafka-tls", "kafka-sasl");
    }

    @Test
    void fromMappingMountsTheConfigMapWhereFromFilePoints() {
        KafkaOffsetReset resource = ResetPipelineRunFactoryTest.example("reset-from-mapping", each -> {});
        JsonNode workflow = workflow(resource);
        Job job = jobs.render(resource);

        assertThat(ArgoEngineTest.arguments(workflow))
                .containsEntry("from-file", "/var/run/korb/mapping/mapping.json")
                .containsEntry("mapping-configmap", "offset-mapping");
        assertThat(ArgoEngineTest.volume(workflow.at("/spec/templates/0"), "mapping")
                        .at("/configMap/name")
                        .asText())
                .isEqualTo("{{inputs.parameters.mapping-configmap}}");
        assertThat(env(job)).containsEntry("KORB_FROM_FILE", "/var/run/korb/mapping/mapping.json");
        assertThat(volumes(job).get("mapping").getConfigMap().getName()).isEqualTo("offset-mapping");
        VolumeMount mount = job.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts().stream()
                .filter(each -> each.getName().equals("mapping"))
                .findFirst()
                .orElseThrow();
        assertThat(mount.getMountPath()).isEqualTo(ResetRunParams.MAPPING_PATH);
        assertThat(mount.getReadOnly()).isTrue();
    }

    @Test
    void withoutAnUndoSnapshotNoStoreIsPassedOrMounted() {
        KafkaOffsetReset resource = ResetPipelineRunFactoryTest.example("reset-to-earliest", each -> {
            ObjectNode spec = each.with("spec");
            spec.put("createSnapshot", false);
            spec.putObject("storage").put("storageType", "pvc").putObject("pvc").put("claimName", "snapshots");
        });
        JsonNode workflow = workflow(resource);
        Job job = jobs.render(resource);

        assertThat(ArgoEngineTest.arguments(workflow))
                .containsEntry("no-undo", "true")
                .containsEntry("to-earliest", "true")
                .doesNotContainKeys("storage-type", "configmap-name", "pvc-claim-name");
        assertThat(workflow.at("/spec/templates/0/volumes").toString()).doesNotContain("persistentVolumeClaim");
        assertThat(env(job)).containsEntry("KORB_NO_UNDO", "true").containsEntry("KORB_PVC_PATH", "");
        assertThat(volumes(job)).isEmpty();
    }

    @Test
    void aPvcStoreRunsThePvcTemplateAndMountsTheClaim() {
        KafkaOffsetReset resource = ResetPipelineRunFactoryTest.example(
                "reset-to-earliest",
                each -> each.with("spec")
                        .putObject("storage")
                        .put("storageType", "pvc")
                        .putObject("pvc")
                        .put("claimName", "snapshots"));
        JsonNode workflow = workflow(resource);
        Job job = jobs.render(resource);

        assertThat(ArgoEngineTest.arguments(workflow)).containsEntry("pvc-claim-name", "snapshots");
        assertThat(volumes(job).get("snapshots").getPersistentVolumeClaim().getClaimName())
                .isEqualTo("snapshots");
        assertThat(env(job)).containsEntry("KORB_PVC_PATH", "/workspace/snapshots");
    }

    @Test
    void everyRunnableExampleIsAWorkflowArgoAcceptsAndAJobKubernetesAccepts() throws Exception {
        ArgoRunner validator = new ArgoRunner(new sh.oso.korb.workflow.Container(new CliRun()), work);
        var jobsJson = Yaml.MAPPER.createArrayNode();
        var examples = ResetReferenceExamples.complete().stream()
                .filter(example ->
                        !example.resource().at("/spec/strategy").asText().equals("headerBased"))
                .toList();
        for (ReferenceExamples.Example example : examples) {
            KafkaOffsetReset resource = ResetPipelineRunFactoryTest.example(example.name(), each -> {});
            JsonNode workflow = workflow(resource);
            assertThat(Schemas.errors(Schemas.argo("io.argoproj.workflow.v1alpha1.Workflow"), workflow))
                    .as(example.toString())
                    .isEmpty();
            validator.validate(workflow);
            jobsJson.add(Yaml.parse(Serialization.asYaml(jobs.render(resource))));
        }
        var errors = Schemas.kubernetesJobs(jobsJson);
        assertThat(errors).hasSize(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            assertThat(errors.get(i)).as(examples.get(i).toString()).isEmpty();
        }
    }

    private JsonNode workflow(KafkaOffsetReset resource) {
        return Yaml.parse(Serialization.asYaml(argo.render(resource)));
    }

    private static Map<String, String> env(Job job) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable :
                job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            env.put(variable.getName(), variable.getValue());
        }
        return env;
    }

    private static Map<String, Volume> volumes(Job job) {
        return job.getSpec().getTemplate().getSpec().getVolumes().stream()
                .collect(Collectors.toMap(Volume::getName, volume -> volume));
    }
}
