package sh.oso.korb.operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.snapshot.GroupOffsets;
import sh.oso.korb.snapshot.PartitionOffset;
import sh.oso.korb.snapshot.Snapshot;

/** Lines up every partition of a snapshot with the offsets committed now; rollback and verify share it. */
final class OffsetComparison {

    private OffsetComparison() {
    }

    static List<PartitionComparison> compare(Snapshot snapshot,
                                             Map<String, Map<TopicPartition, OffsetAndMetadata>> current) {
        List<PartitionComparison> rows = new ArrayList<>(snapshot.totalPartitions());
        for (Map.Entry<String, GroupOffsets> group : snapshot.groups().entrySet()) {
            Map<TopicPartition, OffsetAndMetadata> committed = current.getOrDefault(group.getKey(), Map.of());
            for (Map.Entry<TopicPartition, PartitionOffset> partition : group.getValue().partitions().entrySet()) {
                rows.add(new PartitionComparison(group.getKey(), partition.getKey(), partition.getValue(),
                        Optional.ofNullable(committed.get(partition.getKey()))));
            }
        }
        return rows;
    }
}
