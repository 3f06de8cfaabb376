package sh.oso.korb.operation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.error.GroupsWithoutOffsetsException;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.snapshot.GroupSelection;
import sh.oso.korb.snapshot.RunId;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
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
    public record Saved(Snapshot snapshot, boolean earlierAttempt, List<String> leftOut) {

        Saved(Snapshot snapshot, boolean earlierAttempt) {
            this(snapshot, earlierAttempt, List.of());
        }
    }

    private final KafkaAccess kafka;
    private final SnapshotRepository snapshots;
    private final SnapshotCapture capture;

    public SnapshotOperation(KafkaAccess kafka, SnapshotRepository snapshots, SnapshotCapture capture) {
        this.kafka = kafka;
        this.snapshots = snapshots;
        this.capture = capture;
    }

    public Saved run(Request request) {
        try {
            snapshots.checkCanCreate(request.id(), request.overwrite());
        } catch (SnapshotExistsException taken) {
            return new Saved(savedByThisRun(request, taken), true);
        }
        List<String> groups = request.selection()
                .map(selection -> GroupSelector.onCluster(kafka.groups(), selection))
                .orElse(request.groups());
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
                groups.isEmpty() ? new TreeMap<>() : kafka.groups().committedOffsets(groups);
        if (request.selection().isEmpty()) {
            kafka.groups().requireConsumerGroups(groups); // a selection lists consumer groups only
        }
        List<String> empty =
                groups.stream().filter(group -> committed.get(group).isEmpty()).toList();
        List<String> leftOut = List.of();
        if (!empty.isEmpty() && !request.allowEmptyGroups()) {
            if (request.selection().isEmpty()) {
                throw new GroupsWithoutOffsetsException("consumer group(s) " + String.join(", ", empty)
                        + " have no committed offsets: check the names (they are case-sensitive), or pass"
                        + " --allow-empty-groups to record them empty");
            }
            // chosen from the cluster, not misspelt: a group with nothing to record is left out, and said so
            empty.forEach(committed::remove);
            leftOut = empty;
        }
        Snapshot snapshot = capture.capture(request.id(), committed, request.recordTimestamps())
                .withRunId(request.runId())
                .withGroupSelection(request.selection());
        try {
            snapshots.save(snapshot, request.overwrite());
        } catch (SnapshotExistsException taken) {
            // an attempt of the same run running at the same time saved it first
            return new Saved(savedByThisRun(request, taken), true);
        }
        return new Saved(snapshot, false, leftOut);
    }

    /**
     * The snapshot under the requested id when an earlier attempt of this run saved it with the same groups; else
     * the refusal, as without a run id, saying why the snapshot is not this run's.
     */
    private Snapshot savedByThisRun(Request request, SnapshotExistsException taken) {
        if (request.runId().isEmpty()) {
            throw taken;
        }
        Snapshot stored;
        try {
            stored = snapshots.load(request.id());
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
                        : !stored.groups().keySet().equals(Set.copyOf(request.groups()))
                                        || stored.groupSelection().isPresent()
                                ? "saved by an earlier attempt of this run with other groups than --consumer-groups"
                                        + " lists"
                                : "";
        if (!why.isEmpty()) {
            throw SnapshotExistsException.at(request.id().value(), snapshots.locationOf(request.id()), why);
        }
        return stored;
    }
}
