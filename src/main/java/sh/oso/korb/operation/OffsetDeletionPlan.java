package sh.oso.korb.operation;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.kafka.GroupActivity;
import sh.oso.korb.snapshot.RunId;
import sh.oso.korb.snapshot.SnapshotId;

/**
 * What {@code korb delete-offsets} will do: one {@link Decision#DELETE_OFFSET} row for every offset a listed group has
 * committed on a partition of a listed topic. Partitions of those topics the group has no offset for are not listed:
 * there is nothing to delete there.
 *
 * @param groups       the listed groups, in the order given
 * @param topics       the listed topics, in the order given
 * @param partitions   one row per offset to delete, by group, topic and partition
 * @param current      every offset the listed groups have committed now, all topics: what the undo snapshot saves
 * @param activeGroups listed groups with live members, which make the deletion refuse with exit 4
 * @param undoId       the undo snapshot's id when fixed (--snapshot-id, or derived from the run id); else generated
 * @param earlierUndo  the undo snapshot an earlier attempt of the same run saved, which this attempt keeps
 * @param runId        the run, recorded in the undo snapshot
 */
public record OffsetDeletionPlan(
        List<String> groups,
        List<String> topics,
        List<PartitionDecision> partitions,
        Map<String, Map<TopicPartition, OffsetAndMetadata>> current,
        List<GroupActivity> activeGroups,
        Optional<SnapshotId> undoId,
        Optional<SnapshotId> earlierUndo,
        Optional<RunId> runId) {

    public OffsetDeletionPlan {
        groups = List.copyOf(groups);
        topics = List.copyOf(topics);
        partitions = List.copyOf(partitions);
        current = Map.copyOf(current);
        activeGroups = List.copyOf(activeGroups);
    }

    /** The offsets to delete, by group; groups with none are absent. */
    public Map<String, Set<TopicPartition>> deletions() {
        Map<String, Set<TopicPartition>> deletions = new LinkedHashMap<>();
        partitions.stream()
                .filter(PartitionDecision::deletes)
                .forEach(row -> deletions
                        .computeIfAbsent(row.group(), group -> new LinkedHashSet<>())
                        .add(row.partition()));
        return deletions;
    }

    /** How many partitions got each decision: {@code {delete-offset=3}}, or nothing. */
    public Map<String, Integer> decisionCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        partitions.forEach(row -> counts.merge(row.decision().label(), 1, Integer::sum));
        return counts;
    }

    /** The listed groups that have no offset on any listed topic. */
    public List<String> groupsWithNothingToDelete() {
        Set<String> deleting = deletions().keySet();
        return groups.stream().filter(group -> !deleting.contains(group)).toList();
    }
}
