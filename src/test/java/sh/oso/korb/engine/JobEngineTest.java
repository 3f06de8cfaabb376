package sh.oso.korb.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.Step;
import io.fabric8.tekton.v1.Task;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.workflow.Yaml;

/** The reference's specs as Jobs: the spec's job fields set natively, the container the Task's step. */
class JobEngineTest {

    private static final ExecutorSettings EXECUTOR =
            new ExecutorSettings("registry.example.com/korb:1.2.3", "korb-executor");
    private final JobEngine engine = new JobEngine(EXECUTOR);

    static KafkaOffsetRollback example(String name, Consumer<ObjectNode> change) {
        ObjectNode resource = Yaml.copy(ReferenceExamples.named(name));
        resource.with("metadata")
                .put("namespace", "kafka-backup")
                .put("uid", "8d2f6c1e-0000-4000-8000-000000000001")
                .put("generation", 1);
        change.accept(resource);
        return Serialization.unmarshal(resource.toString(), KafkaOffsetRollback.class);
    }

    private static Step taskStep(KafkaOffsetRollback resource) {
        String name = "kafka-offset-" + resource.getSpec().getOperation().value();
        Task task = Serialization.unmarshal(
                Yaml.read(Yaml.PROJECT.resolve("tasks").resolve(name).resolve(name + ".yaml"))
                        .toString(),
                Task.class);
        return task.getSpec().getSteps().get(0);
    }

    private static Map<String, EnvVar> env(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, variable -> variable));
    }

    private static String value(Job job, String name) {
        return env(job).get(name).getValue();
    }

    @Test
    void theFullSpecificationMapsEveryField() {
        KafkaOffsetRollback resource = example("offset-rollback", each -> {});
        Job job = engine.render(resource);
        Container container =
                job.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(job.getMetadata().getName()).isEqualTo("offset-rollback-g1");
        assertThat(job.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo("offset-rollback"));
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(3);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
        assertThat(job.getSpec().getTtlSecondsAfterFinished())
                .isEqualTo(
                        resource.getSpec().getJob().getTtlSecondsAfterFinished().intValue());
        assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("korb-executor");
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(container.getName()).isEqualTo("snapshot");
        assertThat(container.getImage()).isEqualTo("registry.example.com/korb:1.2.3");
        assertThat(container.getCommand()).containsExactly("korb");
        assertThat(container.getArgs())
                .containsExactly("snapshot", "--consumer-groups", "order-processor", "payment-handler");
        assertThat(container.getResources()).isEqualTo(resource.getSpec().getResources());
        assertThat(container.getSecurityContext()).isEqualTo(taskStep(resource).getSecurityContext());
        assertThat(container.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(container.getTerminationMessagePolicy()).isEqualTo("File");
        assertThat(value(job, "KORB_BOOTSTRAP_SERVERS")).isEqualTo("kafka-0.kafka.svc:9092,kafka-1.kafka.svc:9092");
        assertThat(value(job, "KORB_SNAPSHOT_ID")).isEqualTo("pre-migration-snapshot");
        assertThat(value(job, "KORB_SECURITY_PROTOCOL")).isEqualTo("SASL_SSL");
        assertThat(value(job, "KORB_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-256");
        assertThat(value(job, "KORB_STORAGE_TYPE")).isEqualTo("s3");
        assertThat(value(job, "KORB_S3_BUCKET")).isEqualTo("kafka-offset-snapshots");
        assertThat(value(job, "KORB_TIMEOUT")).as("the Task's default").isEqualTo("30s");
        assertThat(value(job, "KORB_TLS_SECRET_DIR")).isEqualTo("/workspace/kafka-tls");
        assertThat(value(job, "KORB_SASL_PASSWORD_FILE")).isEqualTo("/workspace/kafka-sasl/password");
        assertThat(value(job, "KORB_CLOUD_CREDENTIALS_DIR"))
                .as("unbound: empty, as Tekton")
                .isEmpty();
        assertThat(value(job, "KORB_PVC_PATH")).isEmpty();
        assertThat(value(job, "KORB_TERMINATION_MESSAGE_PATH")).isEqualTo("/dev/termination-log");
        assertThat(env(job)).doesNotContainKey("KORB_RESULTS_DIR");
        assertThat(env(job).get("KORB_RUN_ID").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.labels['batch.kubernetes.io/controller-uid']");
        assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
                .extracting(Volume::getName, volume -> volume.getSecret().getSecretName())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("kafka-tls", "kafka-tls"),
                        org.assertj.core.groups.Tuple.tuple("kafka-sasl", "kafka-credentials"));
        assertThat(container.getVolumeMounts()).allSatisfy(mount -> {
            assertThat(mount.getReadOnly()).isTrue();
            assertThat(mount.getMountPath()).isEqualTo("/workspace/" + mount.getName());
        });
    }

    /**
     * The controller deletes the run itself at the TTL, once it has read the outcome; Kubernetes' own TTL is only its
     * backstop, never so short that the Job's pods (its results) could go before the controller read them.
     */
    @Test
    void kubernetesOwnTtlIsABackstopAtLeastAMinuteAndWithinItsField() {
        for (long[] ttl : new long[][] {{0, 60}, {59, 60}, {61, 61}, {600, 600}, {1L << 40, Integer.MAX_VALUE}}) {
            Job job = engine.render(example(
                    "offset-rollback", each -> each.with("spec").with("job").put("ttlSecondsAfterFinished", ttl[0])));

            assertThat(job.getSpec().getTtlSecondsAfterFinished())
                    .as("ttlSecondsAfterFinished " + ttl[0])
                    .isEqualTo((int) ttl[1]);
        }
    }

    @Test
    void retriesStopAtOnceOnTheExecutorsAnswersAndWithoutAJobBlockThereAreNone() {
        Job job = engine.render(example("create-snapshot", each -> ((ObjectNode) each.get("spec")).remove("job")));

        assertThat(job.getSpec().getBackoffLimit())
                .as("as the Tekton task: no retries")
                .isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds())
                .as("Tekton's default timeout: a pod that can never start does not leave the resource Running")
                .isEqualTo(3600L);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isNull();
        assertThat(job.getSpec().getPodFailurePolicy().getRules())
                .hasSize(2)
                .satisfies(
                        rule -> {
                            assertThat(rule.getAction()).isEqualTo("FailJob");
                            assertThat(rule.getOnExitCodes().getOperator()).isEqualTo("In");
                            assertThat(rule.getOnExitCodes().getValues()).containsExactly(2, 3, 4, 5);
                            assertThat(rule.getOnExitCodes().getContainerName()).isEqualTo("snapshot");
                        },
                        org.assertj.core.data.Index.atIndex(0))
                .satisfies(
                        rule -> {
                            assertThat(rule.getAction())
                                    .as("a drained node's pod is tried again, uncounted")
                                    .isEqualTo("Ignore");
                            assertThat(rule.getOnPodConditions())
                                    .singleElement()
                                    .satisfies(condition -> {
                                        assertThat(condition.getType()).isEqualTo("DisruptionTarget");
                                        assertThat(condition.getStatus()).isEqualTo("True");
                                    });
                        },
                        org.assertj.core.data.Index.atIndex(1));
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getResources())
                .as("the Task step's")
                .isEqualTo(taskStep(example("create-snapshot", each -> {})).getComputeResources());
    }

    @Test
    void everyReferenceExampleRunsTheTasksEnvironmentWithItsValuesSubstituted() {
        for (ReferenceExamples.Example example : ReferenceExamples.complete()) {
            KafkaOffsetRollback resource = example(example.name(), each -> {});
            Job job = engine.render(resource);
            List<String> taskNames = taskStep(resource).getEnv().stream()
                    .map(EnvVar::getName)
                    .map(name -> name.equals("KORB_RESULTS_DIR") ? "KORB_TERMINATION_MESSAGE_PATH" : name)
                    .toList();
            List<EnvVar> rendered =
                    job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();

            assertThat(rendered)
                    .extracting(EnvVar::getName)
                    .as(example.toString())
                    .isEqualTo(taskNames);
            assertThat(rendered)
                    .filteredOn(variable -> variable.getValue() != null)
                    .allSatisfy(variable -> assertThat(variable.getValue()).doesNotContain("$("));
            assertThat(value(job, "KORB_SNAPSHOT_ID"))
                    .isEqualTo(resource.getSpec().getSnapshotId());
            String yaml = Serialization.asYaml(job);
            assertThat(yaml)
                    .as("Secrets by name only")
                    .doesNotContain("stringData")
                    .doesNotContain("\ndata:");
            assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
                    .filteredOn(volume -> volume.getSecret() != null)
                    .extracting(volume -> volume.getSecret().getSecretName())
                    .containsExactlyInAnyOrderElementsOf(RunParams.secretWorkspaces(resource).entrySet().stream()
                            .filter(entry -> taskStep(resource).getEnv().stream()
                                    .anyMatch(variable -> String.valueOf(variable.getValue())
                                            .contains("workspaces." + entry.getKey() + ".path")))
                            .map(Map.Entry::getValue)
                            .toList());
        }
    }

    @Test
    void aPvcStoreIsTheSnapshotsVolumeAtTheWorkspacePath() {
        Job job = engine.render(example(
                "create-snapshot",
                resource -> resource.with("spec")
                        .putObject("storage")
                        .put("storageType", "pvc")
                        .putObject("pvc")
                        .put("claimName", "offset-snapshots")));

        assertThat(value(job, "KORB_PVC_PATH")).isEqualTo("/workspace/snapshots");
        assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
                .singleElement()
                .satisfies(volume -> {
                    assertThat(volume.getName()).isEqualTo("snapshots");
                    assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("offset-snapshots");
                });
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
                .singleElement()
                .satisfies(mount -> assertThat(mount.getReadOnly()).isFalse());
    }
}
