package sh.oso.korb.operation;

import java.util.List;
import java.util.function.Consumer;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;

/**
 * Compares the offsets committed now with a snapshot; reads only. A partition matches only when its
 * committed offset is the snapshot's; each difference says what explains it when the cluster drifted
 * (a clamped or skipped partition is reported as such, never as a match). An exact comparison also counts every
 * offset committed where the snapshot has none as a difference ({@code extra}), as rollback --exact deletes them.
 * The snapshot is read by streaming and compared batch by batch, so memory does not grow with its size.
 */
public final class VerifyOperation {

    private final KafkaAccess kafka;
    private final SnapshotRepository snapshots;
    private final GroupBatches batches;

    public VerifyOperation(KafkaAccess kafka, SnapshotRepository snapshots) {
        this(kafka, snapshots, GroupBatches.DEFAULT);
    }

    public VerifyOperation(KafkaAccess kafka, SnapshotRepository snapshots, GroupBatches batches) {
        this.kafka = kafka;
        this.snapshots = snapshots;
        this.batches = batches;
    }

    public VerifyOutcome run(SnapshotId id, List<String> groups, boolean exact) {
        return run(id, groups, exact, difference -> {});
    }

    /** Compares batch by batch, handing every difference to {@code each} as it is found. */
    public VerifyOutcome run(SnapshotId id, List<String> groups, boolean exact, Consumer<OffsetDifference> each) {
        Snapshot header = snapshots.header(id);
        VerifyOutcome.Totals totals = new VerifyOutcome.Totals();
        batches.stream(snapshots, id, groups, header, batch -> {
            VerifyOutcome compared =
                    against(kafka, batch, List.copyOf(batch.groups().keySet()), exact);
            compared.differences().forEach(each);
            totals.add(compared);
        });
        return totals.outcome(header.summary());
    }

    /** Compares with a snapshot already read, e.g. a reset's targets: no store is read; every difference is kept. */
    public static VerifyOutcome against(KafkaAccess kafka, Snapshot snapshot, List<String> groups, boolean exact) {
        RollbackPlan observed = new RollbackPlanner(kafka).observe(snapshot, groups, exact);
        List<PartitionDecision> checked = observed.partitions().stream()
                .filter(row -> row.snapshot().isPresent() || row.deletes())
                .toList();
        List<OffsetDifference> differences = checked.stream()
                .filter(row -> !row.currentOffset().equals(row.snapshotOffset()))
                .map(OffsetDifference::of)
                .toList();
        return new VerifyOutcome(snapshot.summary(), checked.size(), differences.size(), differences);
    }
}
