package sh.oso.korb.operation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.kafka.GroupActivity;
import sh.oso.korb.snapshot.Snapshot;

/**
 * What a rollback will do: every partition of the listed groups with its current and target offset,
 * and the groups that have live members (which make the rollback refuse).
 */
public record RollbackPlan(Snapshot snapshot, List<PartitionComparison> partitions, List<GroupActivity> activeGroups) {

    public RollbackPlan {
        partitions = List.copyOf(partitions);
        activeGroups = List.copyOf(activeGroups);
    }

    public List<PartitionComparison> changes() {
        return partitions.stream().filter(partition -> !partition.upToDate()).toList();
    }

    /** The commits that carry out the plan, grouped by consumer group; up-to-date partitions are left alone. */
    public Map<String, Map<TopicPartition, OffsetAndMetadata>> commits() {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> commits = new LinkedHashMap<>();
        for (PartitionComparison change : changes()) {
            commits.computeIfAbsent(change.group(), group -> new LinkedHashMap<>())
                    .put(change.partition(), change.snapshot().toCommit());
        }
        return commits;
    }

    public int groupCount() {
        return snapshot.groups().size();
    }
}
