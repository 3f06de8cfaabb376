package sh.oso.korb.operation;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.UndoOf;
import sh.oso.korb.storage.SnapshotRepository;
import sh.oso.korb.storage.StoredSnapshot;

/**
 * The earlier runs of one rollback (the same snapshot, the same groups), as their undo snapshots record them. After
 * a run that did not finish, its undo snapshot holds the offsets from before the rollback, and a rerun's own undo
 * snapshot holds a mix; this finds the former, so the rerun can say which to roll back to.
 */
final class RollbackHistory {

    /** Timestamped undo snapshots of the same snapshot read at most, newest first, until one of this rollback. */
    static final int TIMESTAMPED_READ_AT_MOST = 20;

    /**
     * Undo snapshots named after a run id read at most: their ids tell no time, so all are read (headers only) and
     * ordered by their own timestamps; this bounds the time and memory that takes in a store nobody cleans up.
     */
    static final int RUN_NAMED_READ_AT_MOST = 1_000;

    /** What follows {@code <id>-undo-} in the id of an undo snapshot saved without a run id. */
    private static final Pattern TIMESTAMPED = Pattern.compile("[0-9]{8}T[0-9]{6}Z(-[0-9]+)?");

    private final SnapshotRepository snapshots;
    private final SnapshotId target;
    private final Collection<String> groups;

    RollbackHistory(SnapshotRepository snapshots, SnapshotId target, Collection<String> groups) {
        this.snapshots = snapshots;
        this.target = target;
        this.groups = groups;
    }

    /**
     * The newest undo snapshot saved by a run of this rollback, when that run did not finish; empty when there is
     * none or it finished. Reads the store's listing and undo snapshots of the target, headers only: the newest
     * timestamped ones ({@code <id>-undo-<time>}, whose ids sort by time) until one of this rollback, and every one
     * named after a run id ({@code <id>-undo-r<digest>}, whose ids tell no time; at most
     * {@value #RUN_NAMED_READ_AT_MOST}, with a warning when there are more); the newer by its own timestamp wins.
     */
    Optional<Snapshot> unfinished(Consumer<String> warnings) {
        String prefix = RollbackOperation.undoPrefix(target);
        List<SnapshotId> undoSnapshots = snapshots.list().stream()
                .map(StoredSnapshot::id)
                .filter(id -> id.value().startsWith(prefix))
                .toList();
        Optional<Snapshot> newestTimestamped = Optional.empty();
        for (SnapshotId id : undoSnapshots.stream()
                .filter(id -> timestamped(prefix, id))
                .sorted(Comparator.comparing(SnapshotId::value).reversed())
                .limit(TIMESTAMPED_READ_AT_MOST)
                .toList()) {
            newestTimestamped = ofThisRollback(id);
            if (newestTimestamped.isPresent()) {
                break;
            }
        }
        List<SnapshotId> runNamed = undoSnapshots.stream()
                .filter(id -> !timestamped(prefix, id))
                .sorted(Comparator.comparing(SnapshotId::value))
                .toList();
        if (runNamed.size() > RUN_NAMED_READ_AT_MOST) {
            warnings.accept("the store holds " + runNamed.size() + " undo snapshots of '" + target + "' named after a"
                    + " run id; only " + RUN_NAMED_READ_AT_MOST + " were read to find an unfinished earlier run of"
                    + " this rollback, so it may be missed: delete the undo snapshots you no longer need");
        }
        Stream<Snapshot> named = runNamed.stream()
                .limit(RUN_NAMED_READ_AT_MOST)
                .map(this::ofThisRollback)
                .flatMap(Optional::stream);
        return Stream.concat(newestTimestamped.stream(), named)
                .max(Comparator.comparing(Snapshot::timestamp))
                .filter(undo -> !undo.undoOf().orElseThrow().finished());
    }

    private static boolean timestamped(String prefix, SnapshotId undo) {
        return TIMESTAMPED.matcher(undo.value().substring(prefix.length())).matches();
    }

    /** The header of the undo snapshot {@code id} when a run of this rollback saved it. */
    private Optional<Snapshot> ofThisRollback(SnapshotId id) {
        try {
            Snapshot undo = snapshots.loadGroups(id, List.of());
            return undo.undoOf().filter(of -> of.isOf(target, groups)).map(of -> undo);
        } catch (KorbException e) {
            return Optional.empty(); // deleted meanwhile, or not korb's: not this rollback's
        }
    }

    /** The snapshot that holds the offsets from before the first attempt, after {@code undo}'s unfinished run. */
    static SnapshotId preRollbackOf(Snapshot undo) {
        return undo.undoOf().flatMap(UndoOf::preRollbackSnapshotId).orElse(undo.id());
    }

    /**
     * Records that {@code undo}'s rollback is finished: saves the undo snapshot again, marked so, its offsets copied
     * by streaming however many there are.
     */
    void markFinished(SnapshotId undo) {
        snapshots.rewriteHeader(
                undo, header -> header.withUndoOf(header.undoOf().orElseThrow().asFinished()));
    }
}
