package sh.oso.korb.storage;

import java.util.Comparator;
import java.util.Optional;
import sh.oso.korb.error.StorageException;
import sh.oso.korb.snapshot.SnapshotId;

/** Helpers shared by the stores. */
final class StoredSnapshots {

    static final Comparator<StoredSnapshot> BY_ID =
            Comparator.comparing(snapshot -> snapshot.id().value());

    private StoredSnapshots() {}

    static StorageException readFailure(SnapshotStore store, SnapshotId id, Exception e) {
        return new StorageException("could not read snapshot '" + id + "' from " + store.locationOf(id) + ": " + e, e);
    }

    static StorageException writeFailure(SnapshotStore store, SnapshotId id, Exception e) {
        return new StorageException("could not write snapshot '" + id + "' to " + store.locationOf(id) + ": " + e, e);
    }

    /** {@code prefix/name}, or {@code name} without a prefix; surrounding slashes of the prefix are ignored. */
    static String key(String prefix, String name) {
        String clean = withoutSlashes(prefix);
        return clean.isEmpty() ? name : clean + "/" + name;
    }

    /** The prefix as keys use it: without surrounding slashes; "" for none. */
    static String withoutSlashes(String prefix) {
        return prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    }

    /** The snapshot id of an object named {@code key} directly under {@code prefix}, if it is a snapshot. */
    static Optional<SnapshotId> idOf(String prefix, String key) {
        String start = key(prefix, "");
        if (!key.startsWith(start) || key.indexOf('/', start.length()) >= 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(SnapshotId.fromFileName(key.substring(start.length())));
    }
}
