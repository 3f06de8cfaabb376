package sh.oso.korb.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sh.oso.korb.testing.Azurite;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;

/**
 * The executor's whole workflow (snapshot, drift, rollback, verify, list, delete) against the real broker,
 * once per store type, through the command line with each store's documented options.
 */
@EnableKubernetesMockClient(crud = true)
class StoreEndToEndTest {

    static KubernetesClient kubernetes;
    private static final Storage GCS = LocalStorageHelper.customOptions(false).getService();

    @TempDir
    Path directory;

    @BeforeAll
    static void awsCredentialsForTheDefaultChain() {
        System.setProperty("aws.accessKeyId", "korb-access");
        System.setProperty("aws.secretAccessKey", "korb-secret");
    }

    @AfterAll
    static void forgetCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    /** The command line of one store type: its options, its environment, its clients. */
    private CliRun cli(String type, List<String> storageArgs) {
        CliRun cli = new CliRun()
                .env("KORB_BOOTSTRAP_SERVERS", EmbeddedKafka.shared().bootstrapServers())
                .env("KORB_TIMEOUT", "20s")
                .stores(new DefaultSnapshotStoreFactory(() -> kubernetes, false, () -> GCS, false));
        switch (type) {
            case "pvc" -> storageArgs.addAll(List.of("--storage-type", "pvc", "--pvc-path", directory.toString()));
            case "configMap" ->
                storageArgs.addAll(List.of(
                        "--storage-type",
                        "configMap",
                        "--configmap-name",
                        "offset-snapshots",
                        "--namespace",
                        "kafka-backup"));
            case "s3" ->
                storageArgs.addAll(List.of(
                        "--storage-type",
                        "s3",
                        "--s3-bucket",
                        S3StoreContractTest.createBucket(),
                        "--s3-region",
                        "us-east-1",
                        "--s3-prefix",
                        "offset-snapshots",
                        "--s3-endpoint",
                        S3StoreContractTest.S3_PROXY.getUri().toString(),
                        "--s3-path-style"));
            case "azure" -> {
                String connectionString = Azurite.shared().connectionString();
                cli.env("AZURE_STORAGE_CONNECTION_STRING", connectionString);
                storageArgs.addAll(List.of(
                        "--storage-type",
                        "azure",
                        "--azure-container",
                        AzureStoreContractTest.createContainer(connectionString),
                        "--azure-prefix",
                        "offset-snapshots"));
            }
            case "gcs" ->
                storageArgs.addAll(List.of(
                        "--storage-type",
                        "gcs",
                        "--gcs-bucket",
                        "kafka-snapshots",
                        "--gcs-prefix",
                        "offset-snapshots-" + directory.getFileName()));
            default -> throw new IllegalArgumentException(type);
        }
        return cli;
    }

    private static CliRun.Result run(CliRun cli, List<String> storageArgs, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(storageArgs);
        return cli.run(all.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pvc", "configMap", "azure", "gcs"})
    void snapshotRollbackVerifyThroughEachStore(String type) throws Exception {
        workflow(type);
    }

    /** s3 gets its own s3proxy for the test, as the store's contract suite does. */
    @Nested
    class ThroughS3 {

        @RegisterExtension
        final S3ProxyExtension proxy = S3StoreContractTest.S3_PROXY;

        @Test
        void snapshotRollbackVerifyThroughS3() throws Exception {
            workflow("s3");
        }

        @Test
        void credentialsComeFromAMountedSecretWhenOneIsGiven() throws Exception {
            String group = groupWithCommittedOffset("s3-secret");
            List<String> storageArgs = new ArrayList<>();
            CliRun cli = cli("s3", storageArgs);
            Path wrong = secret(
                    "wrong",
                    "credentials",
                    "[default]\naws_access_key_id = korb-access\n" + "aws_secret_access_key = not-the-secret\n");
            Path right = secret(
                    "right",
                    "credentials",
                    "[default]\naws_access_key_id = korb-access\n" + "aws_secret_access_key = korb-secret\n");

            // The JVM's aws.* properties hold the right keys: a refusal proves the mounted file was used instead.
            CliRun.Result refused = run(
                    cli,
                    storageArgs,
                    "snapshot",
                    "--consumer-groups",
                    group,
                    "--snapshot-id",
                    "s3-secret",
                    "--cloud-credentials-dir",
                    wrong.toString());
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err()).doesNotContain("not-the-secret");

            CliRun.Result stored = run(
                    cli,
                    storageArgs,
                    "snapshot",
                    "--consumer-groups",
                    group,
                    "--snapshot-id",
                    "s3-secret",
                    "--cloud-credentials-dir",
                    right.toString());
            assertThat(stored.exitCode()).as(stored.toString()).isZero();
            assertThat(run(cli, storageArgs, "list").out()).contains("s3-secret");
        }
    }

    @Test
    void azureConnectionStringFromAMountedSecret() throws Exception {
        String group = groupWithCommittedOffset("azure-secret");
        String connectionString = Azurite.shared().connectionString();
        Path secret = secret("azure", "connection-string", connectionString + "\n");
        CliRun cli = new CliRun()
                .env("KORB_BOOTSTRAP_SERVERS", EmbeddedKafka.shared().bootstrapServers())
                .env("KORB_CLOUD_CREDENTIALS_DIR", secret.toString());
        List<String> storageArgs = List.of(
                "--storage-type",
                "azure",
                "--azure-container",
                AzureStoreContractTest.createContainer(connectionString));

        CliRun.Result stored = run(cli, storageArgs, "snapshot", "--consumer-groups", group, "--snapshot-id", "az");
        assertThat(stored.exitCode()).as(stored.toString()).isZero();
        assertThat(run(cli, storageArgs, "show", "--snapshot-id", "az").out()).contains(group);
    }

    @Test
    void aCloudSecretWithoutTheStoresKeyOrWithAnUnreadableKeyIsInvalidInput() throws Exception {
        Path noKey = secret("gcs-no-key", "credentials", "for another cloud");
        Path badKey = secret("gcs-bad-key", "key.json", "{\"not\": \"a key\"}");
        CliRun cli = new CliRun()
                .env("KORB_BOOTSTRAP_SERVERS", EmbeddedKafka.shared().bootstrapServers());

        CliRun.Result missing = cli.run(
                "list", "--storage-type", "gcs", "--gcs-bucket", "b", "--cloud-credentials-dir", noKey.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err())
                .contains("--cloud-credentials-dir " + noKey + " has no key 'key.json'")
                .contains("its keys: credentials");

        CliRun.Result unreadable = cli.run(
                "list", "--storage-type", "gcs", "--gcs-bucket", "b", "--cloud-credentials-dir", badKey.toString());
        assertThat(unreadable.exitCode()).isEqualTo(2);
        assertThat(unreadable.err())
                .contains("is not a Google service account key")
                .doesNotContain("a key\"");
    }

    private Path secret(String name, String key, String value) throws IOException {
        Path dir = Files.createDirectories(directory.resolve(name));
        Files.writeString(dir.resolve(key), value);
        return dir;
    }

    private String groupWithCommittedOffset(String name) throws Exception {
        String topic = "e2e-" + name + "-" + directory.getFileName().toString().replaceAll("[^a-z0-9]", "");
        EmbeddedKafka.shared().createTopic(topic, 1, 10);
        String group = topic + "-group";
        EmbeddedKafka.shared().commit(group, Map.of(new TopicPartition(topic, 0), 4L));
        return group;
    }

    private void workflow(String type) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        String suffix =
                type.toLowerCase() + "-" + directory.getFileName().toString().replaceAll("[^a-z0-9]", "");
        String topic = "e2e-" + suffix;
        String group = "e2e-group-" + suffix;
        kafka.createTopic(topic, 2, 50);
        Map<TopicPartition, Long> before = Map.of(new TopicPartition(topic, 0), 10L, new TopicPartition(topic, 1), 20L);
        kafka.commit(group, before);
        List<String> storageArgs = new ArrayList<>();
        CliRun cli = cli(type, storageArgs);
        String id = "before-" + suffix;

        CliRun.Result snapshot = run(cli, storageArgs, "snapshot", "--consumer-groups", group, "--snapshot-id", id);
        assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();
        CliRun.Result again = run(cli, storageArgs, "snapshot", "--consumer-groups", group, "--snapshot-id", id);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(2);

        kafka.commit(group, Map.of(new TopicPartition(topic, 0), 45L, new TopicPartition(topic, 1), 3L));
        CliRun.Result rollback = run(cli, storageArgs, "rollback", "--consumer-groups", group, "--snapshot-id", id);
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(kafka.committed(group)).isEqualTo(before);

        CliRun.Result verify =
                run(cli, storageArgs, "verify", "--consumer-groups", group, "--snapshot-id", id, "--strict");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();

        CliRun.Result list = run(cli, storageArgs, "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out())
                .containsPattern(id + "\\s+\\S+\\s+1\\s+2\\s+\\d+")
                .containsPattern(id + "-undo-\\d{8}T\\d{6}Z\\s+\\S+\\s+1\\s+2");

        CliRun.Result delete = run(cli, storageArgs, "delete", "--snapshot-id", id);
        assertThat(delete.exitCode()).as(delete.toString()).isZero();
        CliRun.Result deleteAgain = run(cli, storageArgs, "delete", "--snapshot-id", id);
        assertThat(deleteAgain.exitCode()).isEqualTo(1);
        assertThat(deleteAgain.err()).contains("snapshot '" + id + "' not found");
    }
}
