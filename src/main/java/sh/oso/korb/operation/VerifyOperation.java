package sh.oso.korb.operation;

import java.util.List;
import sh.oso.korb.kafka.ConsumerGroupAdmin;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;

/** Compares the offsets committed now with a snapshot; reads only. */
public final class VerifyOperation {

    private final ConsumerGroupAdmin kafka;
    private final SnapshotRepository snapshots;

    public VerifyOperation(ConsumerGroupAdmin kafka, SnapshotRepository snapshots) {
        this.kafka = kafka;
        this.snapshots = snapshots;
    }

    public VerificationResult run(SnapshotId id, List<String> groups) {
        Snapshot snapshot = snapshots.loadGroups(id, groups);
        List<PartitionComparison> rows = OffsetComparison.compare(snapshot, kafka.committedOffsets(groups));
        List<OffsetDifference> differences = rows.stream()
                .filter(row -> !row.offsetMatches())
                .map(OffsetDifference::of)
                .toList();
        return new VerificationResult(snapshot, rows.size(), differences);
    }
}
