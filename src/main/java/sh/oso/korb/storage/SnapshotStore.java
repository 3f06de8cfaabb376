package sh.oso.korb.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import sh.oso.korb.snapshot.SnapshotId;

/**
 * Where snapshots live. Implementations must never expose a half-written snapshot under its real name
 * and must make {@link WriteMode#CREATE} atomic: of two concurrent creators of one id, one fails.
 */
public interface SnapshotStore extends AutoCloseable {

    enum WriteMode {
        /** Fail with {@link sh.oso.korb.error.SnapshotExistsException} when the id is taken. */
        CREATE,
        /** Replace an existing snapshot (the user asked with --overwrite). */
        REPLACE
    }

    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    @FunctionalInterface
    interface ContentReader<T> {
        T read(InputStream in) throws IOException;
    }

    void write(SnapshotId id, Content content, WriteMode mode);

    /** Throws {@link sh.oso.korb.error.SnapshotNotFoundException} when absent. */
    <T> T read(SnapshotId id, ContentReader<T> reader);

    boolean exists(SnapshotId id);

    /** The snapshots in the store, sorted by id. */
    List<StoredSnapshot> list();

    /** Throws {@link sh.oso.korb.error.SnapshotNotFoundException} when absent. */
    void delete(SnapshotId id);

    /** Where a snapshot is (or would be) kept, for messages: never contains credentials. */
    String locationOf(SnapshotId id);

    @Override
    default void close() {}
}
