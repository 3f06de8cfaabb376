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
import sh.oso.korb.snapshot.Snapshot;

/**
 * What a rollback will do: a decision for every partition of the listed groups, the groups that have live
 * members (which make the rollback refuse with exit 4) and the policy refusals (exit 5).
 *
 * @param snapshot     the snapshot, holding the listed groups only
 * @param clusterId    the id of the cluster being rolled back
 * @param partitions   one decision per snapshot partition, plus partitions added since the snapshot, plus with
 *                     {@code exact} every partition a group has an offset for that the snapshot has none for
 * @param current      the offsets committed now, by group: what the undo snapshot saves
 * @param activeGroups listed groups with live members
 * @param refusals     why policies forbid this rollback; empty when they allow it
 * @param exact        whether offsets the snapshot does not have are deleted (--exact)
 */
public record RollbackPlan(
        Snapshot snapshot,
        String clusterId,
        List<PartitionDecision> partitions,
        Map<String, Map<TopicPartition, OffsetAndMetadata>> current,
        List<GroupActivity> activeGroups,
        List<String> refusals,
        boolean exact) {

    /** A plan that leaves alone the offsets the snapshot does not have (without --exact). */
    public RollbackPlan(
            Snapshot snapshot,
            String clusterId,
            List<PartitionDecision> partitions,
            Map<String, Map<TopicPartition, OffsetAndMetadata>> current,
            List<GroupActivity> activeGroups,
            List<String> refusals) {
        this(snapshot, clusterId, partitions, current, activeGroups, refusals, false);
    }

    public RollbackPlan {
        partitions = List.copyOf(partitions);
        current = Map.copyOf(current);
        activeGroups = List.copyOf(activeGroups);
        refusals = List.copyOf(refusals);
    }

    public List<PartitionDecision> changes() {
        return partitions.stream().filter(PartitionDecision::changes).toList();
    }

    /** The commits that carry out the plan, grouped by consumer group; groups already at target are absent. */
    public Map<String, Map<TopicPartition, OffsetAndMetadata>> commits() {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> commits = new LinkedHashMap<>();
        for (PartitionDecision change : changes()) {
            Optional<OffsetAndMetadata> commit = change.commit();
            commit.ifPresent(offset -> commits.computeIfAbsent(change.group(), group -> new LinkedHashMap<>())
                    .put(change.partition(), offset));
        }
        return commits;
    }

    /** The offsets --exact deletes, grouped by consumer group; groups with none to delete are absent. */
    public Map<String, Set<TopicPartition>> deletions() {
        Map<String, Set<TopicPartition>> deletions = new LinkedHashMap<>();
        partitions.stream()
                .filter(PartitionDecision::deletes)
                .forEach(deletion -> deletions
                        .computeIfAbsent(deletion.group(), group -> new LinkedHashSet<>())
                        .add(deletion.partition()));
        return deletions;
    }

    /** The groups a rollback sends a request for: a commit, a deletion of offsets, or both. */
    public Set<String> changedGroups() {
        Set<String> groups = new LinkedHashSet<>(commits().keySet());
        groups.addAll(deletions().keySet());
        return groups;
    }

    /** How many partitions got each decision, e.g. {@code {commit=10, clamp-to-log-start=2}}. */
    public Map<String, Integer> decisionCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        partitions.forEach(partition -> counts.merge(partition.decision().label(), 1, Integer::sum));
        return counts;
    }

    public int groupCount() {
        return snapshot.groups().size();
    }
}
