package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobServiceClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.cli.KorbJarIT.ProcessResult;
import sh.oso.korb.testing.Azurite;
import sh.oso.korb.testing.EmbeddedKafka;

/**
 * Each store through the packaged jar as its own process: the store's client libraries must all be in the
 * jar and work there (a dependency left in test scope only shows up like this). The Kubernetes API is the
 * fabric8 mock server, reached through the client's standard environment variables; s3 is in
 * {@link KorbJarS3IT}, because s3proxy's JUnit extension and the mock server do not share a test class.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KorbJarStoresIT {

    static KubernetesClient kubernetes;

    @TempDir
    Path work;

    /** Takes a snapshot of a fresh group through the jar, then lists, shows and deletes it. */
    static void roundTrip(Path work, Map<String, String> storeEnvironment) throws Exception {
        String topic = "jar-store-" + System.nanoTime();
        String group = "jar-store-group-" + System.nanoTime();
        EmbeddedKafka.shared().createTopic(topic, 1, 5);
        EmbeddedKafka.shared().commit(group, Map.of(new TopicPartition(topic, 0), 3L));
        Map<String, String> env = new HashMap<>(storeEnvironment);
        env.put("KORB_BOOTSTRAP_SERVERS", EmbeddedKafka.shared().bootstrapServers());
        env.put("KORB_CONSUMER_GROUPS", group);

        ProcessResult snapshot = KorbJarIT.run(work, env, "snapshot", "--snapshot-id", "through-jar");
        assertThat(snapshot.exitCode()).as(snapshot.err()).isZero();
        ProcessResult list = KorbJarIT.run(work, env, "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("through-jar\\s+\\S+\\s+1\\s+1");
        ProcessResult show = KorbJarIT.run(work, env, "show", "--snapshot-id", "through-jar");
        assertThat(show.out()).containsPattern(group + "\\s+" + topic + "\\s+0\\s+3");
        assertThat(KorbJarIT.run(work, env, "delete", "--snapshot-id", "through-jar")
                        .exitCode())
                .isZero();
        assertThat(snapshot.err() + list.err() + show.err())
                .doesNotContain("ERROR")
                .doesNotContain("Exception");
    }

    @Test
    void configMap() throws Exception {
        roundTrip(
                work,
                Map.of(
                        "KORB_STORAGE_TYPE",
                        "configMap",
                        "KUBERNETES_MASTER",
                        kubernetes.getMasterUrl().toString(),
                        "KUBERNETES_AUTH_TRYKUBECONFIG",
                        "false",
                        "KUBERNETES_AUTH_TRYSERVICEACCOUNT",
                        "false",
                        "KORB_CONFIGMAP_NAME",
                        "offset-snapshots",
                        "KORB_NAMESPACE",
                        "kafka-backup"));
        assertThat(kubernetes
                        .configMaps()
                        .inNamespace("kafka-backup")
                        .withName("offset-snapshots")
                        .get())
                .as("created by the jar, emptied by its delete")
                .isNotNull();
    }

    @Test
    void azure() throws Exception {
        String connectionString = Azurite.shared().connectionString();
        String container = "jar-" + System.nanoTime();
        new BlobServiceClientBuilder()
                .connectionString(connectionString)
                .buildClient()
                .createBlobContainer(container);
        roundTrip(
                work,
                Map.of(
                        "KORB_STORAGE_TYPE",
                        "azure",
                        "AZURE_STORAGE_CONNECTION_STRING",
                        connectionString,
                        "KORB_AZURE_CONTAINER",
                        container));
    }
}
