package sh.oso.korb.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import sh.oso.korb.error.SnapshotTooLargeException;
import sh.oso.korb.snapshot.GroupOffsets;
import sh.oso.korb.snapshot.PartitionOffset;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;

/**
 * The configMap store against fabric8's mock API server in CRUD mode: the Kubernetes API cannot run here,
 * and the mock keeps objects, resourceVersions and conflicts as the API server does.
 */
@EnableKubernetesMockClient(crud = true)
class ConfigMapStoreContractTest extends SnapshotStoreContract {

    static KubernetesClient client;

    private String name;

    @Override
    protected SnapshotStore openEmptyStore() {
        name = "offset-snapshots-" + UUID.randomUUID().toString().substring(0, 8);
        StorageConfig config = new StorageConfig.ConfigMap(name, "kafka-backup");
        return new DefaultSnapshotStoreFactory(() -> client, false, () -> null, false).open(config);
    }

    private ConfigMap configMap() {
        return client.configMaps().inNamespace("kafka-backup").withName(name).get();
    }

    @Test
    void oneConfigMapHoldsEverySnapshotUnderItsIdDotJsonAndIsLabelledAsKorbs() {
        SnapshotRepository snapshots = new SnapshotRepository(store());
        snapshots.save(sample("pre-migration-20241201", 1), false);
        snapshots.save(sample("quick-snapshot-001", 1), false);

        ConfigMap configMap = configMap();

        assertThat(configMap.getData()).containsOnlyKeys("pre-migration-20241201.json", "quick-snapshot-001.json");
        assertThat(configMap.getData().get("pre-migration-20241201.json")).startsWith("{\"formatVersion\":1,");
        assertThat(configMap.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "korb");
    }

    private static Snapshot withPartitions(String id, int partitions) {
        Map<TopicPartition, PartitionOffset> offsets = new HashMap<>();
        for (int i = 0; i < partitions; i++) {
            offsets.put(
                    new TopicPartition("a-topic-with-a-rather-long-name", i),
                    new PartitionOffset(1_000_000_000L + i, "", 1701432000000L, Optional.empty()));
        }
        return Snapshot.create(
                SnapshotId.of(id),
                Instant.parse("2024-12-01T12:00:00Z"),
                "kafka:9092",
                null,
                Map.of(),
                Map.of("big-group", GroupOffsets.of(offsets)));
    }

    @Test
    void aSnapshotLargerThanAConfigMapIsRefusedBeforeAnythingIsWritten() {
        SnapshotRepository snapshots = new SnapshotRepository(store());
        snapshots.save(sample("small", 1), false);
        String before = configMap().getData().toString();

        assertThatThrownBy(() -> snapshots.save(withPartitions("too-big", 20_000), false))
                .isInstanceOf(SnapshotTooLargeException.class)
                .hasMessageContaining("larger than 1 MiB")
                .hasMessageContaining("--storage-type s3 or pvc");

        assertThat(configMap().getData().toString()).isEqualTo(before);
    }

    @Test
    void snapshotsThatFitAloneButNotTogetherAreRefusedNamingTheSizes() {
        SnapshotRepository snapshots = new SnapshotRepository(store());
        snapshots.save(withPartitions("first-half", 8_000), false);

        assertThatThrownBy(() -> snapshots.save(withPartitions("second-half", 8_000), false))
                .isInstanceOf(SnapshotTooLargeException.class)
                .hasMessageContaining("does not fit in ConfigMap kafka-backup/" + name)
                .hasMessageContaining("KiB");

        assertThat(configMap().getData()).containsOnlyKeys("first-half.json");
    }
}
