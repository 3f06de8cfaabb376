package sh.oso.korb.operation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.error.GroupsWithoutOffsetsException;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.snapshot.GroupOffsets;
import sh.oso.korb.snapshot.GroupSelection;
import sh.oso.korb.snapshot.RunId;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.SnapshotSummary;
import sh.oso.korb.storage.SnapshotRepository;

/**
 * Captures the committed offsets of consumer groups into a new snapshot. A snapshot is never overwritten unless asked
 * to; a retry of the run that saved it (the same run id, the same groups) reports it instead of failing.
 */
public final class SnapshotOperation {

    /**
     * @param id               the new snapshot's id
     * @param groups           the consumer groups to capture, when listed by name
     * @param selection        how to choose them among the cluster's consumer groups instead, when not listed
     * @param overwrite        replace an existing snapshot of that id
     * @param allowEmptyGroups record groups without committed offsets instead of failing
     * @param recordTimestamps also record the timestamp of the last record each group consumed
     * @param runId            the run this is, the same in its retries; recorded in the snapshot
     */
    public record Request(
            SnapshotId id,
            List<String> groups,
            Optional<GroupSelection> selection,
            boolean overwrite,
            boolean allowEmptyGroups,
            boolean recordTimestamps,
            Optional<RunId> runId) {}

    /**
     * @param snapshot       the snapshot in the store
     * @param earlierAttempt whether an earlier attempt of the same run saved it, and this one only found it
     * @param leftOut        the groups a selection chose that have no committed offsets, left out of the snapshot
     */
    public record Saved(
            Snapshot snapshot,
            SnapshotSummary summary,
            boolean earlierAttempt,
            List<String> leftOut,
            long withoutRecordTimestamp) {}

    private final KafkaAccess kafka;
    private final SnapshotRepository snapshots;
    private final SnapshotCapture capture;
    private final GroupBatches batches;

    public SnapshotOperation(KafkaAccess kafka, SnapshotRepository snapshots, SnapshotCapture capture) {
        this(kafka, snapshots, capture, GroupBatches.DEFAULT);
    }

    public SnapshotOperation(
            KafkaAccess kafka, SnapshotRepository snapshots, SnapshotCapture capture, GroupBatches batches) {
        this.kafka = kafka;
        this.snapshots = snapshots;
        this.capture = capture;
        this.batches = batches;
    }

    /**
     * Reads the groups' committed offsets twice, batch by batch, so memory holds one batch: first to learn their
     * topics (whose state the snapshot's header records first) and which groups have none, then to write them as
     * they are read. The offsets saved are those of the second read.
     */
    public Saved run(Request request) {
        try {
            snapshots.checkCanCreate(request.id(), request.overwrite());
        } catch (SnapshotExistsException taken) {
            return savedByThisRun(request, taken);
        }
        List<String> groups = request.selection()
                .map(selection -> GroupSelector.onCluster(kafka.groups(), selection))
                .orElse(request.groups());
        Map<String, Integer> sizes = new HashMap<>();
        SortedSet<String> topics = new TreeSet<>();
        batches.adaptive(groups, batch -> {
            int offsets = 0;
            for (Map.Entry<String, Map<TopicPartition, OffsetAndMetadata>> group :
                    kafka.groups().committedOffsets(batch).entrySet()) {
                sizes.put(group.getKey(), group.getValue().size());
                group.getValue().keySet().forEach(tp -> topics.add(tp.topic()));
                offsets += group.getValue().size();
            }
            return offsets;
        });
        if (request.selection().isEmpty()) {
            kafka.groups().requireConsumerGroups(groups); // a selection lists consumer groups only
        }
        List<String> empty =
                groups.stream().filter(group -> sizes.get(group) == 0).toList();
        List<String> kept = groups;
        List<String> leftOut = List.of();
        if (!empty.isEmpty() && !request.allowEmptyGroups()) {
            if (request.selection().isEmpty()) {
                throw new GroupsWithoutOffsetsException("consumer group(s) " + String.join(", ", empty)
                        + " have no committed offsets: check the names (they are case-sensitive), or pass"
                        + " --allow-empty-groups to record them empty");
            }
            // chosen from the cluster, not misspelt: a group with nothing to record is left out, and said so
            Set<String> without = new HashSet<>(empty);
            kept = groups.stream().filter(group -> !without.contains(group)).toList();
            leftOut = empty;
        }
        SnapshotCapture.Captured captured = capture.header(request.id(), topics);
        Snapshot header = captured.snapshot().withRunId(request.runId()).withGroupSelection(request.selection());
        List<String> sorted = new ArrayList<>(new TreeSet<>(kept));
        long[] counts = new long[2]; // partitions, and those without a record timestamp
        try {
            snapshots.saveStreamed(
                    header,
                    sink -> {
                        for (List<String> batch : batches.split(sorted, sizes)) {
                            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
                                    kafka.groups().committedOffsets(batch);
                            Map<TopicPartition, Map<Long, Long>> timestamps = request.recordTimestamps()
                                    ? capture.recordTimestamps(committed, captured.ranges())
                                    : Map.of();
                            for (Map.Entry<String, Map<TopicPartition, OffsetAndMetadata>> group :
                                    committed.entrySet()) {
                                GroupOffsets offsets =
                                        SnapshotCapture.offsets(group.getValue(), captured.capturedAt(), timestamps);
                                counts[0] += offsets.size();
                                counts[1] += offsets.partitions().values().stream()
                                        .filter(offset -> offset.offset() > 0
                                                && offset.recordTimestamp().isEmpty())
                                        .count();
                                sink.write(group.getKey(), offsets);
                            }
                        }
                    },
                    request.overwrite());
        } catch (SnapshotExistsException taken) {
            // an attempt of the same run running at the same time saved it first
            return savedByThisRun(request, taken);
        }
        SnapshotSummary summary = new SnapshotSummary(request.id(), header.timestamp(), sorted.size(), (int) counts[0]);
        return new Saved(header, summary, false, leftOut, request.recordTimestamps() ? counts[1] : 0);
    }

    /**
     * The snapshot under the requested id when an earlier attempt of this run saved it with the same groups; else
     * the refusal, as without a run id, saying why the snapshot is not this run's.
     */
    private Saved savedByThisRun(Request request, SnapshotExistsException taken) {
        if (request.runId().isEmpty()) {
            throw taken;
        }
        Snapshot stored;
        SortedSet<String> storedGroups;
        try {
            stored = snapshots.header(request.id());
            storedGroups = snapshots.groupNames(request.id());
        } catch (KorbException unreadable) {
            throw taken; // not this run's to report, whatever it is
        }
        String why = !stored.runId().equals(request.runId())
                ? "not saved by this run (it records another run id than --run-id, or none)"
                : request.selection().isPresent()
                        ? stored.groupSelection().equals(request.selection())
                                ? ""
                                : "saved by an earlier attempt of this run that chose its groups otherwise than "
                                        + request.selection().get()
                        : !storedGroups.equals(new TreeSet<>(request.groups()))
                                        || stored.groupSelection().isPresent()
                                ? "saved by an earlier attempt of this run with other groups than --consumer-groups"
                                        + " lists"
                                : "";
        if (!why.isEmpty()) {
            throw SnapshotExistsException.at(request.id().value(), snapshots.locationOf(request.id()), why);
        }
        return new Saved(stored, snapshots.summary(request.id()), true, List.of(), 0);
    }
}
