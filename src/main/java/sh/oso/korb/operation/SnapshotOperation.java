package sh.oso.korb.operation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.error.GroupsWithoutOffsetsException;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.kafka.KafkaAccess;
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
     * @param groups           the consumer groups to capture
     * @param overwrite        replace an existing snapshot of that id
     * @param allowEmptyGroups record groups without committed offsets instead of failing
     * @param recordTimestamps also record the timestamp of the last record each group consumed
     * @param runId            the run this is, the same in its retries; recorded in the snapshot
     */
    public record Request(
            SnapshotId id,
            List<String> groups,
            boolean overwrite,
            boolean allowEmptyGroups,
            boolean recordTimestamps,
            Optional<RunId> runId) {}

    /**
     * @param snapshot       the snapshot in the store
     * @param earlierAttempt whether an earlier attempt of the same run saved it, and this one only found it
     */
    public record Saved(Snapshot snapshot, boolean earlierAttempt) {}

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
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
                kafka.groups().committedOffsets(request.groups());
        kafka.groups().requireConsumerGroups(request.groups());
        List<String> empty = request.groups().stream()
                .filter(group -> committed.get(group).isEmpty())
                .toList();
        if (!empty.isEmpty() && !request.allowEmptyGroups()) {
            throw new GroupsWithoutOffsetsException("consumer group(s) " + String.join(", ", empty)
                    + " have no committed offsets: check the names (they are case-sensitive), or pass"
                    + " --allow-empty-groups to record them empty");
        }
        Snapshot snapshot = capture.capture(request.id(), committed, request.recordTimestamps())
                .withRunId(request.runId());
        try {
            snapshots.save(snapshot, request.overwrite());
        } catch (SnapshotExistsException taken) {
            // an attempt of the same run running at the same time saved it first
            return new Saved(savedByThisRun(request, taken), true);
        }
        return new Saved(snapshot, false);
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
                : !stored.groups().keySet().equals(Set.copyOf(request.groups()))
                        ? "saved by an earlier attempt of this run with other groups than --consumer-groups lists"
                        : "";
        if (!why.isEmpty()) {
            throw SnapshotExistsException.at(request.id().value(), snapshots.locationOf(request.id()), why);
        }
        return stored;
    }
}
