package sh.oso.korb.operation;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import sh.oso.korb.snapshot.SnapshotId;

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
}
