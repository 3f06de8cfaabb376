package sh.oso.korb.operation;

import java.util.ArrayList;
import java.util.List;
import sh.oso.korb.snapshot.SnapshotSummary;

/**
 * How the committed offsets of the listed groups compare with a snapshot.
 *
 * @param snapshot          the snapshot as far as it was compared: the listed groups and their offsets, counted
 * @param partitionsChecked how many partitions were compared
 * @param differenceCount   how many of them differ
 * @param differences       the first {@value #KEPT_DIFFERENCES} differences; a run over many groups hands every one
 *                          on as it finds it, and keeps only these
 */
public record VerifyOutcome(
        SnapshotSummary snapshot, int partitionsChecked, int differenceCount, List<OffsetDifference> differences) {

    /** The differences an outcome keeps: what a report shows of them; JSON output lists them all. */
    public static final int KEPT_DIFFERENCES = 200;

    public VerifyOutcome {
        differences = List.copyOf(differences);
    }

    public boolean matched() {
        return differenceCount == 0;
    }

    /** Adds up the comparisons of a verification's batches. */
    public static final class Totals {
        private int checked;
        private int differenceCount;
        private int groups;
        private int snapshotOffsets;
        private final List<OffsetDifference> kept = new ArrayList<>();

        public void add(VerifyOutcome batch) {
            checked += batch.partitionsChecked();
            differenceCount += batch.differenceCount();
            groups += batch.snapshot().groups();
            snapshotOffsets += batch.snapshot().totalPartitions();
            batch.differences().stream()
                    .limit(Math.max(0, KEPT_DIFFERENCES - kept.size()))
                    .forEach(kept::add);
        }

        public VerifyOutcome outcome(SnapshotSummary header) {
            return new VerifyOutcome(
                    new SnapshotSummary(header.id(), header.timestamp(), groups, snapshotOffsets),
                    checked,
                    differenceCount,
                    kept);
        }
    }
}
