package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.storage.DefaultSnapshotStoreFactory;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.MovedGroup;
import sh.oso.korb.testing.SecureKafka;

/**
 * The samples' Secret handling for real: SASL_SSL with SCRAM-SHA-256 against a broker that requires it, the
 * credentials and the CA reaching korb only through Secret workspaces (Tekton) and Secret volumes (Argo),
 * and the password in nothing any task printed or returned.
 */
@EnableKubernetesMockClient(crud = true)
class SecureWorkflowTest {

    static KubernetesClient kubernetes;
    private static final SecureKafka kafka = SecureKafka.shared();

    @TempDir
    Path work;

    private String group;
    private Map<TopicPartition, Long> atSnapshot;

    @BeforeEach
    void consumerGroup() throws Exception {
        MovedGroup orders = MovedGroup.committed(
                kafka.plaintext(), "secure-orders", "secure-group", 30, new long[] {4, 9}, new long[0]);
        group = orders.group();
        atSnapshot = orders.atSnapshot();
    }

    private Path secret(String name, Map<String, String> keys) throws Exception {
        Path directory = Files.createDirectories(work.resolve("secrets").resolve(name));
        for (Map.Entry<String, String> key : keys.entrySet()) {
            Files.writeString(directory.resolve(key.getKey()), key.getValue());
        }
        return directory;
    }

    private Container container() {
        CliRun korb = new CliRun().stores(new DefaultSnapshotStoreFactory(() -> kubernetes, false, () -> null, false));
        return new Container(korb).command("migrate", env -> {
            try {
                kafka.plaintext()
                        .commit(group, Map.of(atSnapshot.keySet().iterator().next(), 30L));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new Container.Exit(1, "migration failed");
        });
    }

    @Test
    void theGuardedChangeSampleRunsOverSaslSslWithSecretWorkspaces() throws Exception {
        Path credentials = secret(
                "kafka-credentials",
                Map.of("username", SecureKafka.ALICE, "password", SecureKafka.ALICE_PASSWORD + "\n"));
        Path tls = secret("kafka-tls", Map.of("ca.crt", kafka.ca().certificatePem()));
        TektonRunner runner = TektonRunner.installed(container(), work, "kafka-backup")
                .secret("kafka-credentials", credentials)
                .secret("kafka-tls", tls)
                .apply(Yaml.parse("""
                        apiVersion: tekton.dev/v1
                        kind: Task
                        metadata:
                          name: migrate-orders-schema
                        spec:
                          steps:
                            - name: migrate
                              image: registry.example.com/migrations:1.0
                              command: [migrate]
                        """));
        // The sample as written (SASL_SSL, SCRAM-SHA-256, the two Secret workspaces), on this broker and with
        // snapshots in a ConfigMap instead of S3.
        Map<String, Object> params = new HashMap<>(Map.of(
                "bootstrap-servers",
                kafka.saslSslBootstrap(),
                "consumer-groups",
                List.of(group),
                "snapshot-id",
                "secure-guarded",
                "storage-type",
                "configMap"));
        JsonNode run =
                Runs.tektonParams(Yaml.read(Yaml.PROJECT.resolve("pipelines/samples/guarded-change-run.yaml")), params);

        TektonRunner.PipelineRun result = runner.run(run);

        assertThat(result.task("snapshot").status())
                .as(result.task("snapshot").output())
                .isEqualTo(TektonRunner.Status.SUCCEEDED);
        assertThat(result.task("rollback").status())
                .as(result.task("rollback").output())
                .isEqualTo(TektonRunner.Status.SUCCEEDED);
        assertThat(kafka.plaintext().committed(group)).isEqualTo(atSnapshot);
        assertThat(result.toString()).doesNotContain(SecureKafka.ALICE_PASSWORD);
    }

    @Test
    void theArgoTemplateReadsItsSecretsFromOptionalVolumes() throws Exception {
        Path credentials = secret(
                "kafka-credentials", Map.of("username", SecureKafka.ALICE, "password", SecureKafka.ALICE_PASSWORD));
        Path tls = secret("kafka-tls", Map.of("ca.crt", kafka.ca().certificatePem()));
        ObjectNode workflow = Runs.argoStepArguments(
                Yaml.read(Yaml.PROJECT.resolve("workflow-templates/samples/snapshot-rollback-verify.yaml")),
                Map.of(
                        "bootstrap-servers",
                        kafka.saslSslBootstrap(),
                        "consumer-groups",
                        group,
                        "snapshot-id",
                        "secure-argo",
                        "security-protocol",
                        "SASL_SSL",
                        "sasl-mechanism",
                        "SCRAM-SHA-256",
                        "kafka-sasl-secret",
                        "kafka-credentials",
                        "kafka-tls-secret",
                        "kafka-tls"));
        ArgoRunner runner = ArgoRunner.installed(container(), work)
                .secret("kafka-credentials", credentials)
                .secret("kafka-tls", tls)
                .beforeStep(
                        "rollback",
                        () -> commit(Map.of(atSnapshot.keySet().iterator().next(), 25L)));

        ArgoRunner.WorkflowRun result = runner.run(workflow);

        assertThat(result.phase()).as(result.toString()).isEqualTo(ArgoRunner.Phase.SUCCEEDED);
        assertThat(result.node("rollback").outputs()).containsEntry("changed-partitions", "1");
        assertThat(result.node("verify").outputs()).containsEntry("matched", "true");
        assertThat(kafka.plaintext().committed(group)).isEqualTo(atSnapshot);
        assertThat(result.toString()).doesNotContain(SecureKafka.ALICE_PASSWORD);
    }

    @Test
    void withoutTheCredentialsSecretTheSnapshotFailsNamingTheMissingFile() {
        ObjectNode workflow = Runs.argoStepArguments(
                Yaml.read(Yaml.PROJECT.resolve("workflow-templates/samples/snapshot-rollback-verify.yaml")),
                Map.of(
                        "bootstrap-servers",
                        kafka.saslSslBootstrap(),
                        "consumer-groups",
                        group,
                        "snapshot-id",
                        "no-secret",
                        "security-protocol",
                        "SASL_SSL",
                        "sasl-mechanism",
                        "SCRAM-SHA-256"));

        ArgoRunner.WorkflowRun result = ArgoRunner.installed(container(), work).run(workflow);

        assertThat(result.phase()).isEqualTo(ArgoRunner.Phase.FAILED);
        assertThat(result.node("snapshot").output())
                .startsWith("exit 2")
                .contains("/var/run/secrets/korb/kafka-sasl/username does not exist")
                .doesNotContain(work.toString());
    }

    private void commit(Map<TopicPartition, Long> offsets) {
        try {
            kafka.plaintext().commit(group, offsets);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
