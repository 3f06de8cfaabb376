package sh.oso.korb.operation;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.kafka.ConsumerGroupAdmin;
import sh.oso.korb.snapshot.ControlCharacters;
import sh.oso.korb.snapshot.GroupSelection;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;

/**
 * The groups a {@link GroupSelection} chooses: a snapshot chooses among the cluster's consumer groups, a rollback or
 * verify among the snapshot's groups. A pattern that chooses none is refused, most likely a typo; every group of an
 * empty cluster is none, and a snapshot of them is empty (its command warns).
 */
public final class GroupSelector {

    private GroupSelector() {}

    /** The cluster's consumer groups {@code selection} chooses, ordered by id: one ListGroups request per broker. */
    public static List<String> onCluster(ConsumerGroupAdmin groups, GroupSelection selection) {
        Set<String> all = groups.consumerGroupIds();
        List<String> chosen = all.stream().filter(selection::selects).toList();
        if (chosen.isEmpty() && !selection.allGroups()) {
            throw new InvalidInputException(patternOf(selection) + " matches none of the cluster's "
                    + all.size() + " consumer group(s): fix the pattern (it must match the whole group id, e.g."
                    + " 'orders-.*', not 'orders')");
        }
        return chosen;
    }

    /**
     * The snapshot's groups {@code selection} chooses, ordered by id, read without their offsets so that choosing
     * among 10,000 groups costs their names only.
     */
    public static List<String> inSnapshot(SnapshotRepository snapshots, SnapshotId id, GroupSelection selection) {
        Set<String> all = snapshots.groupNames(id);
        List<String> chosen = all.stream().filter(selection::selects).toList();
        if (chosen.isEmpty()) {
            throw new InvalidInputException(
                    selection.allGroups()
                            ? "snapshot '" + id + "' holds no groups: there is nothing to roll back or verify"
                            : patternOf(selection) + " matches none of the " + all.size() + " group(s) in snapshot '"
                                    + id + "': list them with 'korb show --snapshot-id " + id
                                    + "' and fix the pattern (it must match the whole group id)");
        }
        return chosen;
    }

    /**
     * The cluster's consumer groups {@code selection} chooses that are not among {@code chosen}: a rollback or verify
     * of the snapshot's groups leaves them alone, and says so. One ListGroups request per broker.
     */
    public static List<String> leftAlone(
            ConsumerGroupAdmin groups, GroupSelection selection, Collection<String> chosen) {
        Set<String> taken = Set.copyOf(chosen);
        return groups.consumerGroupIds().stream()
                .filter(selection::selects)
                .filter(group -> !taken.contains(group))
                .toList();
    }

    private static String patternOf(GroupSelection selection) {
        return "--group-pattern '" + ControlCharacters.escape(selection.regex().orElseThrow()) + "'";
    }
}
