package sh.oso.korb.snapshot;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A point-in-time copy of the committed offsets of some consumer groups.
 *
 * @param formatVersion the snapshot format version; hand-written reference-format snapshots read as version 1
 * @param id            the snapshot id
 * @param timestamp     when the snapshot was taken
 * @param cluster       the bootstrap servers the snapshot was taken from, as the reference's {@code cluster}
 * @param clusterId     the Kafka cluster id, when known
 * @param topics        the state of the groups' topics at snapshot time, by name; empty for hand-written snapshots
 * @param groups        offsets by group id, ordered by group id
 * @param undoOf        for an undo snapshot, the rollback that saved it
 * @param runId         the run (a workflow step, the same in its retries) that saved it, when korb was told one
 * @param groupSelection how its groups were chosen when not listed by name (--all-groups, --group-pattern)
 */
public record Snapshot(
        int formatVersion,
        SnapshotId id,
        Instant timestamp,
        String cluster,
        Optional<String> clusterId,
        SortedMap<String, TopicState> topics,
        SortedMap<String, GroupOffsets> groups,
        Optional<UndoOf> undoOf,
        Optional<RunId> runId,
        Optional<GroupSelection> groupSelection) {

    public static final int CURRENT_FORMAT_VERSION = 1;

    public Snapshot {
        cluster = cluster == null ? "" : cluster;
        clusterId = clusterId == null ? Optional.empty() : clusterId;
        topics = Collections.unmodifiableSortedMap(new TreeMap<>(topics));
        groups = Collections.unmodifiableSortedMap(new TreeMap<>(groups));
        undoOf = undoOf == null ? Optional.empty() : undoOf;
        runId = runId == null ? Optional.empty() : runId;
        groupSelection = groupSelection == null ? Optional.empty() : groupSelection;
    }

    public Snapshot(
            int formatVersion,
            SnapshotId id,
            Instant timestamp,
            String cluster,
            Optional<String> clusterId,
            SortedMap<String, TopicState> topics,
            SortedMap<String, GroupOffsets> groups,
            Optional<UndoOf> undoOf,
            Optional<RunId> runId) {
        this(formatVersion, id, timestamp, cluster, clusterId, topics, groups, undoOf, runId, Optional.empty());
    }

    public Snapshot(
            int formatVersion,
            SnapshotId id,
            Instant timestamp,
            String cluster,
            Optional<String> clusterId,
            SortedMap<String, TopicState> topics,
            SortedMap<String, GroupOffsets> groups) {
        this(formatVersion, id, timestamp, cluster, clusterId, topics, groups, Optional.empty(), Optional.empty());
    }

    /** This snapshot as the undo snapshot of {@code rollback}. */
    public Snapshot withUndoOf(UndoOf rollback) {
        return new Snapshot(
                formatVersion,
                id,
                timestamp,
                cluster,
                clusterId,
                topics,
                groups,
                Optional.of(rollback),
                runId,
                groupSelection);
    }

    /** This snapshot's header with other groups: e.g. one batch of a snapshot that is read in batches. */
    public Snapshot withGroups(SortedMap<String, GroupOffsets> batch) {
        return new Snapshot(formatVersion, id, timestamp, cluster, clusterId, topics, batch, undoOf, runId);
    }

    /** This snapshot as saved by the run {@code savedBy}, or by no run korb was told of. */
    public Snapshot withRunId(Optional<RunId> savedBy) {
        return new Snapshot(
                formatVersion, id, timestamp, cluster, clusterId, topics, groups, undoOf, savedBy, groupSelection);
    }

    /** This snapshot as one whose groups were chosen by {@code selection}, or listed by name. */
    public Snapshot withGroupSelection(Optional<GroupSelection> selection) {
        return new Snapshot(formatVersion, id, timestamp, cluster, clusterId, topics, groups, undoOf, runId, selection);
    }

    public static Snapshot create(
            SnapshotId id,
            Instant timestamp,
            String cluster,
            String clusterId,
            Map<String, TopicState> topics,
            Map<String, GroupOffsets> groups) {
        return new Snapshot(
                CURRENT_FORMAT_VERSION,
                id,
                timestamp,
                cluster,
                Optional.ofNullable(clusterId),
                new TreeMap<>(topics),
                new TreeMap<>(groups));
    }

    public int totalPartitions() {
        return groups.values().stream().mapToInt(GroupOffsets::size).sum();
    }

    public SnapshotSummary summary() {
        return new SnapshotSummary(id, timestamp, groups.size(), totalPartitions());
    }
}
