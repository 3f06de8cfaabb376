package sh.oso.korb.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.TaskRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.testing.MovedGroup;
import sh.oso.korb.testing.SecureKafka;

/**
 * The reference's "Pre-Migration Snapshot" over SASL_SSL with SCRAM-SHA-256 against a broker that requires it: the
 * Secrets reach the executor only as workspaces, and their values appear in no PipelineRun, TaskRun, status or
 * event.
 */
@EnableKubernetesMockClient(crud = true)
class ControllerSecretsTest {

    static KubernetesClient kubernetes;
    private static final SecureKafka kafka = SecureKafka.shared();

    @TempDir
    Path work;

    private ControllerHarness harness;
    private String group;

    @BeforeEach
    void setUp() throws Exception {
        group = MovedGroup.committed(
                        kafka.plaintext(), "notifications", "notification-service", 20, new long[] {3, 4}, new long[0])
                .group();
        harness = new ControllerHarness(kubernetes, work);
        harness.tekton.start();
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
        harness.close();
    }

    @Test
    void theReferencesSaslSnapshotRunsWithSecretWorkspacesAndLeaksNoSecret() {
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
        var run = harness.pipelineRuns("pre-migration-snapshot").get(0);
        assertThat(run.getSpec().getWorkspaces())
                .extracting(binding -> binding.getSecret().getSecretName())
                .containsExactlyInAnyOrder("kafka-credentials", "kafka-tls");
        String everything = Serialization.asJson(run)
                + Serialization.asJson(done)
                + Serialization.asJson(kubernetes
                        .resources(TaskRun.class)
                        .inNamespace(harness.namespace)
                        .list())
                + Serialization.asJson(
                        kubernetes.v1().events().inNamespace(harness.namespace).list());
        assertThat(everything)
                .contains("kafka-credentials")
                .doesNotContain(SecureKafka.ALICE_PASSWORD)
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(SecureKafka.ALICE_PASSWORD.getBytes()));
    }
}
