package sh.oso.korb.operation;

import java.util.List;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;

/**
 * Compares the offsets committed now with a snapshot; reads only. A partition matches only when its
 * committed offset is the snapshot's; each difference says what explains it when the cluster drifted
 * (a clamped or skipped partition is reported as such, never as a match). An exact comparison also counts every
 * offset committed where the snapshot has none as a difference ({@code extra}), as rollback --exact deletes them.
 */
public final class VerifyOperation {

    private final KafkaAccess kafka;
    private final SnapshotRepository snapshots;

    public VerifyOperation(KafkaAccess kafka, SnapshotRepository snapshots) {
        this.kafka = kafka;
        this.snapshots = snapshots;
    }

    public VerifyOutcome run(SnapshotId id, List<String> groups, boolean exact) {
        return against(kafka, snapshots.loadGroups(id, groups), groups, exact);
    }

    /** Compares with a snapshot already read, e.g. the one a rollback just planned with: no store is read. */
    public static VerifyOutcome against(KafkaAccess kafka, Snapshot snapshot, List<String> groups, boolean exact) {
        RollbackPlan observed = new RollbackPlanner(kafka).observe(snapshot, groups, exact);
        List<PartitionDecision> checked = observed.partitions().stream()
                .filter(row -> row.snapshot().isPresent() || row.deletes())
                .toList();
        List<OffsetDifference> differences = checked.stream()
                .filter(row -> !row.currentOffset().equals(row.snapshotOffset()))
                .map(OffsetDifference::of)
                .toList();
        return new VerifyOutcome(snapshot, checked.size(), differences);
    }
}
