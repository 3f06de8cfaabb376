package sh.oso.korb.operation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.kafka.GroupActivity;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.SnapshotSummary;

/**
 * What planning a rollback found over all its batches, without the partitions themselves (those were handed on, batch
 * by batch, and dropped): the counts a report needs, the refusals, and for every group a fingerprint of the offsets
 * the plan read, so that the run can tell whether they moved before it changes them.
 *
 * @param header         the snapshot without its groups' offsets
 * @param groups         the listed groups, sorted
 * @param clusterId      the id of the cluster being rolled back
 * @param partitions     how many partitions the plan decided on
 * @param changes        how many of them the rollback changes
 * @param deletions      how many of those are offsets --exact deletes
 * @param snapshotOffsets how many of the listed groups' offsets the snapshot holds
 * @param changedGroups  the groups a rollback sends a request for
 * @param decisionCounts how many partitions got each decision
 * @param refusals       the first policy refusals, and {@code refusalCount} in all
 * @param refusalCount   how many partitions a policy refuses
 * @param activeGroups   listed groups with live members
 * @param current        for each listed group, what the plan read of its committed offsets
 * @param currentTopics  the topics the listed groups have offsets on now: what their undo snapshot records
 * @param exact          whether offsets the snapshot does not have are deleted (--exact)
 */
public record RollbackSurvey(
        Snapshot header,
        List<String> groups,
        String clusterId,
        int partitions,
        int changes,
        int deletions,
        int snapshotOffsets,
        Set<String> changedGroups,
        SortedMap<String, Integer> decisionCounts,
        List<String> refusals,
        int refusalCount,
        List<GroupActivity> activeGroups,
        Map<String, Current> current,
        SortedSet<String> currentTopics,
        boolean exact) {

    /** The refusals a survey keeps the text of: a message names a few, and counts the rest. */
    static final int KEPT_REFUSALS = 5;

    /** What a plan read of one group's committed offsets: how many, and their fingerprint. */
    public record Current(int offsets, long fingerprint) {

        static Current of(Map<TopicPartition, OffsetAndMetadata> offsets) {
            return new Current(offsets.size(), OffsetFingerprint.of(offsets));
        }
    }

    public RollbackSurvey {
        groups = List.copyOf(groups);
        changedGroups = Collections.unmodifiableSet(new LinkedHashSet<>(changedGroups));
        decisionCounts = Collections.unmodifiableSortedMap(new TreeMap<>(decisionCounts));
        refusals = List.copyOf(refusals);
        activeGroups = List.copyOf(activeGroups);
        current = Map.copyOf(current);
        currentTopics = Collections.unmodifiableSortedSet(new TreeSet<>(currentTopics));
    }

    /** The survey of a rollback planned in one batch. */
    public static RollbackSurvey of(RollbackPlan plan) {
        Totals totals = new Totals(List.copyOf(plan.snapshot().groups().keySet()), plan.exact());
        totals.add(plan);
        return totals.survey(plan.snapshot().withGroups(new TreeMap<>()), plan::clusterId, plan.activeGroups());
    }

    public SnapshotId snapshotId() {
        return header.id();
    }

    /** The snapshot as far as this rollback reads it: its listed groups and their offsets, counted. */
    public SnapshotSummary summary() {
        return new SnapshotSummary(header.id(), header.timestamp(), groups.size(), snapshotOffsets);
    }

    /** The refusals as one message part: the first few, and how many more. */
    public String refusalSummary() {
        return String.join("; ", refusals)
                + (refusalCount > refusals.size() ? "; and " + (refusalCount - refusals.size()) + " more" : "");
    }

    /** How many offsets each listed group has committed, as the plan read them. */
    Map<String, Integer> currentSizes() {
        Map<String, Integer> sizes = new HashMap<>();
        current.forEach((group, read) -> sizes.put(group, read.offsets()));
        return sizes;
    }

    /** Adds up the plans of a rollback's batches. */
    static final class Totals {
        private final List<String> groups;
        private final boolean exact;
        private Optional<String> clusterId = Optional.empty();
        private int partitions;
        private int changes;
        private int deletions;
        private int snapshotOffsets;
        private final Set<String> changedGroups = new LinkedHashSet<>();
        private final SortedMap<String, Integer> decisionCounts = new TreeMap<>();
        private final List<String> refusals = new ArrayList<>();
        private int refusalCount;
        private final Map<String, Current> current = new HashMap<>();
        private final SortedSet<String> currentTopics = new TreeSet<>();

        Totals(List<String> groups, boolean exact) {
            this.groups = new ArrayList<>(new TreeSet<>(groups));
            this.exact = exact;
        }

        void add(RollbackPlan batch) {
            clusterId = Optional.of(batch.clusterId());
            partitions += batch.partitions().size();
            snapshotOffsets += batch.snapshot().totalPartitions();
            for (PartitionDecision row : batch.partitions()) {
                if (row.changes()) {
                    changes++;
                    changedGroups.add(row.group());
                }
                if (row.deletes()) {
                    deletions++;
                }
                decisionCounts.merge(row.decision().label(), 1, Integer::sum);
            }
            for (String refusal : batch.refusals()) {
                if (refusals.contains(refusal)) {
                    continue; // a refusal of the whole snapshot (another cluster) comes with every batch
                }
                if (refusals.size() < KEPT_REFUSALS) {
                    refusals.add(refusal);
                }
                refusalCount++;
            }
            batch.current().forEach((group, offsets) -> {
                current.put(group, Current.of(offsets));
                offsets.keySet().forEach(tp -> currentTopics.add(tp.topic()));
            });
        }

        RollbackSurvey survey(Snapshot header, Supplier<String> clusterIdIfNoBatch, List<GroupActivity> active) {
            return new RollbackSurvey(
                    header,
                    groups,
                    clusterId.orElseGet(clusterIdIfNoBatch),
                    partitions,
                    changes,
                    deletions,
                    snapshotOffsets,
                    changedGroups,
                    decisionCounts,
                    refusals,
                    refusalCount,
                    active,
                    current,
                    currentTopics,
                    exact);
        }
    }
}
