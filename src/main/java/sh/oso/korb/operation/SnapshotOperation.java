package sh.oso.korb.operation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.error.GroupsWithoutOffsetsException;
import sh.oso.korb.kafka.ConsumerGroupAdmin;
import sh.oso.korb.snapshot.GroupOffsets;
import sh.oso.korb.snapshot.PartitionOffset;
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
     */
    public record Request(SnapshotId id, List<String> groups, boolean overwrite, boolean allowEmptyGroups) {
    }

    private final ConsumerGroupAdmin kafka;
    private final SnapshotRepository snapshots;
    private final String cluster;
    private final Clock clock;

    public SnapshotOperation(ConsumerGroupAdmin kafka, SnapshotRepository snapshots, String cluster, Clock clock) {
        this.kafka = kafka;
        this.snapshots = snapshots;
        this.cluster = cluster;
        this.clock = clock;
    }

    public Snapshot run(Request request) {
        snapshots.checkCanCreate(request.id(), request.overwrite());
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = kafka.committedOffsets(request.groups());
        List<String> empty = request.groups().stream().filter(group -> committed.get(group).isEmpty()).toList();
        if (!empty.isEmpty() && !request.allowEmptyGroups()) {
            throw new GroupsWithoutOffsetsException("consumer group(s) " + String.join(", ", empty)
                    + " have no committed offsets: check the names (they are case-sensitive), or pass"
                    + " --allow-empty-groups to record them empty");
        }
        Instant now = clock.instant();
        long capturedAt = now.toEpochMilli();
        Map<String, GroupOffsets> groups = new TreeMap<>();
        committed.forEach((group, offsets) -> {
            Map<TopicPartition, PartitionOffset> partitions = new TreeMap<>(GroupOffsets.ORDER);
            offsets.forEach((tp, offset) -> partitions.put(tp, PartitionOffset.captured(offset, capturedAt)));
            groups.put(group, GroupOffsets.of(partitions));
        });
        Snapshot snapshot = Snapshot.create(request.id(), now.truncatedTo(ChronoUnit.SECONDS), cluster,
                kafka.clusterId(), groups);
        snapshots.save(snapshot, request.overwrite());
        return snapshot;
    }
}
