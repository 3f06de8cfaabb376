package sh.oso.korb.storage;

import java.util.List;
import java.util.function.Supplier;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.StorageException;
import sh.oso.korb.snapshot.SnapshotId;

/**
 * Wraps a store so that whatever its client library throws beyond the failures the store already names
 * (network errors wrapped in runtime exceptions, client bugs) still reaches the user as one storage error
 * naming the store, instead of a stack trace.
 */
final class GuardedSnapshotStore implements SnapshotStore {

    private final SnapshotStore store;
    private final String description;

    GuardedSnapshotStore(SnapshotStore store, String description) {
        this.store = store;
        this.description = description;
    }

    private <T> T guard(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (KorbException e) {
            throw e;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null
                            && e.getMessage() != null
                            && e.getMessage().startsWith(e.getCause().getClass().getName())
                    ? e.getCause()
                    : e;
            throw new StorageException(
                    "could not " + action + " (" + description + "): "
                            + cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                    e);
        }
    }

    @Override
    public void write(SnapshotId id, Content content, WriteMode mode) {
        guard("write snapshot '" + id + "' to " + store.locationOf(id), () -> {
            store.write(id, content, mode);
            return null;
        });
    }

    @Override
    public <T> T read(SnapshotId id, ContentReader<T> reader) {
        return guard("read snapshot '" + id + "' from " + store.locationOf(id), () -> store.read(id, reader));
    }

    @Override
    public boolean exists(SnapshotId id) {
        return guard("look up snapshot '" + id + "' in " + store.locationOf(id), () -> store.exists(id));
    }

    @Override
    public List<StoredSnapshot> list() {
        return guard("list snapshots", store::list);
    }

    @Override
    public void delete(SnapshotId id) {
        guard("delete snapshot '" + id + "' from " + store.locationOf(id), () -> {
            store.delete(id);
            return null;
        });
    }

    @Override
    public String locationOf(SnapshotId id) {
        return store.locationOf(id);
    }

    @Override
    public void close() {
        try {
            store.close();
        } catch (RuntimeException e) {
            // closing releases connections; every snapshot operation has already completed or failed
        }
    }
}
