package sh.oso.korb.operation;

import java.util.List;
import sh.oso.korb.snapshot.Snapshot;

/** How the committed offsets of the listed groups compare with a snapshot. */
public record VerifyOutcome(Snapshot snapshot, int partitionsChecked, List<OffsetDifference> differences) {

    public VerifyOutcome {
        differences = List.copyOf(differences);
    }

    public boolean matched() {
        return differences.isEmpty();
    }
}
