package sh.oso.korb.operation;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.error.GroupsWithoutOffsetsException;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;

/** Captures the committed offsets of consumer groups into a new snapshot. */
public final class SnapshotOperation {

    /**
     * @param id               the new snapshot's id
     * @param groups           the consumer groups to capture
     * @param overwrite        replace an existing snapshot of that id
     * @param allowEmptyGroups record groups without committed offsets instead of failing
     * @param recordTimestamps also record the timestamp of the last record each group consumed
     */
    public record Request(
            SnapshotId id,
            List<String> groups,
            boolean overwrite,
            boolean allowEmptyGroups,
            boolean recordTimestamps) {}

    private final KafkaAccess kafka;
    private final SnapshotRepository snapshots;
    private final SnapshotCapture capture;

    public SnapshotOperation(KafkaAccess kafka, SnapshotRepository snapshots, SnapshotCapture capture) {
        this.kafka = kafka;
        this.snapshots = snapshots;
        this.capture = capture;
    }

    public Snapshot run(Request request) {
        snapshots.checkCanCreate(request.id(), request.overwrite());
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
        Snapshot snapshot = capture.capture(request.id(), committed, request.recordTimestamps());
        snapshots.save(snapshot, request.overwrite());
        return snapshot;
    }
}
