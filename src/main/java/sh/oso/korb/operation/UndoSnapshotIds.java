package sh.oso.korb.operation;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.snapshot.RunId;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;

/**
 * The generated ids of the undo snapshots that reset and delete-offsets save: {@code <prefix><group>-<UTC time>}, or
 * {@code <prefix><n>-groups-<UTC time>} for several groups.
 */
final class UndoSnapshotIds {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** "-" and the timestamp (longer than "-r" and a run digest), then room for "-9" when that id is taken. */
    private static final int SUFFIX_LENGTH = 1 + "yyyyMMddTHHmmssZ".length() + 2;

    private UndoSnapshotIds() {}

    /** The id without its time: the group, its characters a snapshot id cannot hold made '_', cut to fit. */
    static String base(String prefix, List<String> groups) {
        String what = groups.size() == 1 ? groups.get(0).replaceAll("[^A-Za-z0-9._-]", "_") : groups.size() + "-groups";
        int room = SnapshotId.MAX_LENGTH - prefix.length() - SUFFIX_LENGTH;
        return prefix + what.substring(0, Math.min(what.length(), room));
    }

    static String timestamped(String prefix, List<String> groups, Instant now) {
        return base(prefix, groups) + "-" + TIMESTAMP.format(now);
    }

    /** {@code <prefix><group>-r<digest of the run id>}: the same id in every attempt of the run. */
    static SnapshotId ofRun(String prefix, List<String> groups, RunId runId) {
        return SnapshotId.of(base(prefix, groups) + "-r" + runId.digest());
    }

    /**
     * The undo snapshot an earlier attempt of the run {@code runId} saved under {@code id}, which a retry keeps: it
     * holds the offsets from before that attempt. Empty when {@code id} is free. Throws, changing nothing, when
     * {@code id} holds anything else (exit 2): a snapshot is never overwritten; {@code refusing}: what korb refuses.
     */
    static Optional<Snapshot> savedByEarlierAttempt(
            SnapshotRepository snapshots, SnapshotId id, Optional<RunId> runId, String refusing) {
        if (!snapshots.exists(id)) {
            return Optional.empty();
        }
        if (runId.isPresent()) {
            try {
                Snapshot found = snapshots.loadGroups(id, List.of());
                if (found.runId().equals(runId)) {
                    return Optional.of(found);
                }
            } catch (KorbException e) {
                // unreadable: refused below like any other snapshot under that id
            }
        }
        throw new SnapshotExistsException("refusing to " + refusing + ": the undo snapshot id '" + id + "' is taken"
                + " by another snapshot, which is never overwritten; pass another --snapshot-id (or --run-id), or"
                + " delete '" + id + "' if it is a leftover; nothing was changed");
    }
}
