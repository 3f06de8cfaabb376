package sh.oso.korb.storage;

import java.util.Comparator;

/** Helpers shared by the stores. */
final class StoredSnapshots {

    static final Comparator<StoredSnapshot> BY_ID = Comparator.comparing(snapshot -> snapshot.id().value());

    private StoredSnapshots() {
    }

    /** {@code prefix/name}, or {@code name} without a prefix; surrounding slashes of the prefix are ignored. */
    static String key(String prefix, String name) {
        String clean = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        return clean.isEmpty() ? name : clean + "/" + name;
    }

    /** The snapshot id of an object named {@code key} directly under {@code prefix}, or null. */
    static sh.oso.korb.snapshot.SnapshotId idOf(String prefix, String key) {
        String start = key(prefix, "");
        if (!key.startsWith(start) || key.indexOf('/', start.length()) >= 0) {
            return null;
        }
        return sh.oso.korb.snapshot.SnapshotId.fromFileName(key.substring(start.length()));
    }
}
