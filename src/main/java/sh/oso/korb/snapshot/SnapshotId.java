package sh.oso.korb.snapshot;

import java.util.regex.Pattern;
import sh.oso.korb.error.InvalidInputException;

/**
 * A validated snapshot id. It becomes a file name, an object key and a ConfigMap data key, so it is
 * restricted to characters that are safe in all three and cannot escape a directory or prefix.
 */
public record SnapshotId(String value) {

    /**
     * The longest id, so that every name derived from it fits every store: {@code <id>.json} is a ConfigMap data key,
     * and those hold 253 characters, the tightest limit (a Linux file name holds 255 bytes; an object name 1,024
     * bytes with its prefix, which {@code StorageConfig} bounds to leave room for this). A rollback's undo snapshot
     * id is cut to this length too, and the stores' temporary names do not grow with the id.
     */
    public static final int MAX_LENGTH = 248;

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public SnapshotId {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("snapshot id is required: pass --snapshot-id (or KORB_SNAPSHOT_ID)");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInputException(
                    "snapshot id is " + value.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        if (!ALLOWED.matcher(value).matches()) {
            throw new InvalidInputException("snapshot id '" + printable(value) + "' is invalid: use letters, digits,"
                    + " '.', '-' and '_' only, starting with a letter or digit (no path separators)");
        }
    }

    public static SnapshotId of(String value) {
        return new SnapshotId(value);
    }

    /** The name under which stores keep this snapshot: {@code <id>.json}. */
    public String fileName() {
        return value + ".json";
    }

    /** Returns the id stored under {@code fileName}, or null when the name is not a snapshot's. */
    public static SnapshotId fromFileName(String fileName) {
        if (!fileName.endsWith(".json")) {
            return null;
        }
        String id = fileName.substring(0, fileName.length() - ".json".length());
        return id.length() <= MAX_LENGTH && ALLOWED.matcher(id).matches() ? new SnapshotId(id) : null;
    }

    // Keeps control characters of hostile input out of terminals and logs.
    private static String printable(String value) {
        return ControlCharacters.escape(value.length() > 80 ? value.substring(0, 80) + "..." : value);
    }

    @Override
    public String toString() {
        return value;
    }
}
