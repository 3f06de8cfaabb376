package sh.oso.korb.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.TaskRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.testing.MovedGroup;
import sh.oso.korb.testing.SecureKafka;

/**
 * The reference's "Pre-Migration Snapshot" over SASL_SSL with SCRAM-SHA-256 against a broker that requires it, on
 * every engine: the Secrets reach the executor only as mounted volumes (Tekton workspaces, the Workflow's and the
 * Job's Secret volumes), and their values appear in no run, TaskRun, pod, status or event.
 */
@EnableKubernetesMockClient(crud = true)
class ControllerSecretsTest {

    static KubernetesClient kubernetes;
    private static final SecureKafka kafka = SecureKafka.shared();

    @TempDir
    Path work;

    private ControllerHarness harness;
    private String group;

    private void on(EngineKind engine) throws Exception {
        group = MovedGroup.committed(
                        kafka.plaintext(), "notifications", "notification-service", 20, new long[] {3, 4}, new long[0])
                .group();
        harness = new ControllerHarness(kubernetes, work, engine);
        harness.engine.start();
        kubernetes
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("kafka-credentials")
                        .withNamespace(harness.namespace)
                        .endMetadata()
                        .addToStringData("username", SecureKafka.ALICE)
                        .addToStringData("password", SecureKafka.ALICE_PASSWORD)
                        .build())
                .create();
        kubernetes
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("kafka-tls")
                        .withNamespace(harness.namespace)
                        .endMetadata()
                        .addToStringData("ca.crt", kafka.ca().certificatePem())
                        .build())
                .create();
    }

    @AfterEach
    void tearDown() {
        if (harness != null) {
            harness.close();
        }
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void theReferencesSaslSnapshotRunsWithSecretsMountedAndLeaksNoSecret(EngineKind engine) throws Exception {
        on(engine);
        ReferenceExamples.Example example = ReferenceExamples.complete().stream()
                .filter(each -> each.name().equals("pre-migration-snapshot"))
                .findFirst()
                .orElseThrow();
        KafkaOffsetRollback resource =
                harness.fromReference(example.resource(), kafka.saslSslBootstrap(), List.of(group), copy -> {
                    // The reference's cluster relies on a CA the JVM trusts; this broker's CA comes from a Secret.
                    copy.with("spec")
                            .with("kafkaCluster")
                            .putObject("tlsSecret")
                            .put("name", "kafka-tls");
                    // S3 in the reference; snapshots go to a ConfigMap here (the stores have their own tests).
                    copy.with("spec").putObject("storage").put("storageType", "configMap");
                });

        harness.apply(resource);
        KafkaOffsetRollback done = harness.awaitFinished("pre-migration-snapshot");

        assertThat(done.getStatus().getPhase())
                .as(String.valueOf(done.getStatus().getConditions()))
                .isEqualTo(Phase.Completed);
        assertThat(done.getStatus().getSnapshotData().getGroups()).isEqualTo(1);
        assertThat(done.getStatus().getSnapshotData().getTotalPartitions()).isEqualTo(2);
        List<? extends HasMetadata> runs = harness.runs("pre-migration-snapshot");
        assertThat(runs).hasSize(1);
        if (engine == EngineKind.TEKTON) {
            assertThat(harness.pipelineRuns("pre-migration-snapshot")
                            .get(0)
                            .getSpec()
                            .getWorkspaces())
                    .extracting(binding -> binding.getSecret().getSecretName())
                    .containsExactlyInAnyOrder("kafka-credentials", "kafka-tls");
        }
        String everything = Serialization.asJson(runs)
                + Serialization.asJson(done)
                + Serialization.asJson(
                        kubernetes.pods().inNamespace(harness.namespace).list())
                + Serialization.asJson(kubernetes
                        .resources(TaskRun.class)
                        .inNamespace(harness.namespace)
                        .list())
                + Serialization.asJson(
                        kubernetes.v1().events().inNamespace(harness.namespace).list());
        assertThat(everything)
                .contains("kafka-credentials", "kafka-tls")
                .doesNotContain(SecureKafka.ALICE_PASSWORD)
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(SecureKafka.ALICE_PASSWORD.getBytes()));
    }
}
