package sh.oso.korb.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.error.SnapshotNotFoundException;
import sh.oso.korb.error.StorageException;
import sh.oso.korb.snapshot.SnapshotId;

/**
 * A store that keeps each snapshot as the object {@code <prefix>/<snapshotId>.json} in a bucket or container
 * (s3, azure, gcs). What they share is here: keys, listing, the not-found and already-exists answers and the
 * failure lines; each cloud supplies its few client calls, and names and explains its client's errors.
 *
 * @param <E> the exception the cloud's client throws for a failed request
 */
abstract class ObjectSnapshotStore<E extends RuntimeException> implements SnapshotStore {

    /** An object as a listing shows it. */
    protected record StoredObject(String key, long size) {}

    private final String prefix;
    private final Class<E> clientError;

    protected ObjectSnapshotStore(String prefix, Class<E> clientError) {
        this.prefix = prefix;
        this.clientError = clientError;
    }

    /**
     * Stores the content under {@code key}. With {@code ifAbsent}, the store itself must refuse when the key is
     * taken, so that of two writers of one id exactly one succeeds: then returns false.
     */
    protected abstract boolean put(String key, Content content, boolean ifAbsent) throws IOException;

    /** The object's content, or null when there is no such object. */
    protected abstract InputStream get(String key) throws IOException;

    protected abstract boolean contains(String key);

    /** The objects directly under {@code keyPrefix} (not in "subdirectories"). */
    protected abstract Stream<StoredObject> listObjects(String keyPrefix);

    /** Deletes the object; false when there was none. */
    protected abstract boolean remove(String key);

    /** The store's address in messages, up to the key, e.g. {@code s3://bucket/}. */
    protected abstract String root();

    /** The client's error as a line for the user: status, code and a hint at the setting to check. */
    protected abstract String describe(E error);

    @Override
    public void write(SnapshotId id, Content content, WriteMode mode) {
        boolean written;
        try {
            written = put(keyOf(id), content, mode == WriteMode.CREATE);
        } catch (IOException | UncheckedIOException e) {
            throw StoredSnapshots.writeFailure(this, id, e);
        } catch (RuntimeException e) {
            throw failure("write snapshot '" + id + "' to " + locationOf(id), e);
        }
        if (!written) {
            throw SnapshotExistsException.at(id.value(), locationOf(id));
        }
    }

    @Override
    public <T> T read(SnapshotId id, ContentReader<T> reader) {
        try (InputStream in = get(keyOf(id))) {
            if (in == null) {
                throw SnapshotNotFoundException.at(id.value(), locationOf(id));
            }
            return reader.read(in);
        } catch (IOException e) {
            throw StoredSnapshots.readFailure(this, id, e);
        } catch (RuntimeException e) {
            throw failure("read snapshot '" + id + "' from " + locationOf(id), e);
        }
    }

    @Override
    public boolean exists(SnapshotId id) {
        try {
            return contains(keyOf(id));
        } catch (RuntimeException e) {
            throw failure("look up snapshot '" + id + "' in " + locationOf(id), e);
        }
    }

    @Override
    public List<StoredSnapshot> list() {
        try (Stream<StoredObject> objects = listObjects(StoredSnapshots.key(prefix, ""))) {
            // Objects that are not snapshots (other files under the prefix) are left out.
            return objects.flatMap(object ->
                            StoredSnapshots.idOf(prefix, object.key())
                                    .map(id -> new StoredSnapshot(id, object.size()))
                                    .stream())
                    .sorted(StoredSnapshots.BY_ID)
                    .toList();
        } catch (RuntimeException e) {
            throw failure("list snapshots in " + listing(), e);
        }
    }

    @Override
    public void delete(SnapshotId id) {
        boolean removed;
        try {
            removed = remove(keyOf(id));
        } catch (RuntimeException e) {
            throw failure("delete snapshot '" + id + "' from " + locationOf(id), e);
        }
        if (!removed) {
            throw SnapshotNotFoundException.at(id.value(), locationOf(id));
        }
    }

    @Override
    public String locationOf(SnapshotId id) {
        return root() + keyOf(id);
    }

    /** Where {@link #list()} looks, for its failure line. */
    protected String listing() {
        return root() + StoredSnapshots.key(prefix, "");
    }

    private String keyOf(SnapshotId id) {
        return StoredSnapshots.key(prefix, id.fileName());
    }

    /** The client's errors become one storage error naming the action and place; korb's own pass unchanged. */
    private RuntimeException failure(String action, RuntimeException e) {
        if (!clientError.isInstance(e)) {
            return e;
        }
        return new StorageException("could not " + action + ": " + describe(clientError.cast(e)), e);
    }
}
