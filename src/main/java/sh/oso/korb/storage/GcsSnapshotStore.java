package sh.oso.korb.storage;

import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.error.SnapshotNotFoundException;
import sh.oso.korb.snapshot.SnapshotId;

/**
 * The {@code gcs} store: the object {@code <prefix>/<snapshotId>.json} in a bucket, streamed in a resumable
 * upload. New snapshots are written with a {@code doesNotExist} precondition, so Google Cloud Storage
 * refuses a second writer of the same id.
 */
public final class GcsSnapshotStore implements SnapshotStore {

    private final Storage storage;
    private final String bucket;
    private final String prefix;
    private final boolean closeClient;

    public GcsSnapshotStore(Storage storage, String bucket, String prefix, boolean closeClient) {
        this.storage = storage;
        this.bucket = bucket;
        this.prefix = prefix;
        this.closeClient = closeClient;
    }

    private BlobId blobIdOf(SnapshotId id) {
        return BlobId.of(bucket, StoredSnapshots.key(prefix, id.fileName()));
    }

    @Override
    public void write(SnapshotId id, Content content, WriteMode mode) {
        // The doesNotExist precondition makes creation atomic; looking first gives the clear error before any
        // upload starts (and is what GCS fakes without preconditions honour).
        if (mode == WriteMode.CREATE && exists(id)) {
            throw SnapshotExistsException.at(id.value(), locationOf(id));
        }
        BlobInfo info = BlobInfo.newBuilder(blobIdOf(id)).setContentType("application/json").build();
        Storage.BlobWriteOption[] options = mode == WriteMode.CREATE
                ? new Storage.BlobWriteOption[] {Storage.BlobWriteOption.doesNotExist()}
                : new Storage.BlobWriteOption[0];
        try (WriteChannel channel = storage.writer(info, options);
             OutputStream out = Channels.newOutputStream(channel)) {
            content.writeTo(out);
        } catch (StorageException e) {
            if (mode == WriteMode.CREATE && e.getCode() == 412) {
                throw SnapshotExistsException.at(id.value(), locationOf(id));
            }
            throw failure("write snapshot '" + id + "' to", id, e);
        } catch (IOException e) {
            if (mode == WriteMode.CREATE && e.getCause() instanceof StorageException storageError
                    && storageError.getCode() == 412) {
                throw SnapshotExistsException.at(id.value(), locationOf(id));
            }
            throw StoredSnapshots.writeFailure(this, id, e);
        }
    }

    @Override
    public <T> T read(SnapshotId id, ContentReader<T> reader) {
        try {
            Blob blob = storage.get(blobIdOf(id));
            if (blob == null) {
                throw SnapshotNotFoundException.at(id.value(), locationOf(id));
            }
            try (ReadChannel channel = blob.reader(); InputStream in = Channels.newInputStream(channel)) {
                return reader.read(in);
            }
        } catch (StorageException e) {
            throw failure("read snapshot '" + id + "' from", id, e);
        } catch (IOException e) {
            throw StoredSnapshots.readFailure(this, id, e);
        }
    }

    @Override
    public boolean exists(SnapshotId id) {
        try {
            return storage.get(blobIdOf(id)) != null;
        } catch (StorageException e) {
            throw failure("look up snapshot '" + id + "' in", id, e);
        }
    }

    @Override
    public List<StoredSnapshot> list() {
        List<StoredSnapshot> snapshots = new ArrayList<>();
        try {
            for (Blob blob : storage.list(bucket, Storage.BlobListOption.prefix(StoredSnapshots.key(prefix, "")),
                    Storage.BlobListOption.currentDirectory()).iterateAll()) {
                SnapshotId id = StoredSnapshots.idOf(prefix, blob.getName());
                if (id != null) {
                    snapshots.add(new StoredSnapshot(id, blob.getSize() == null ? 0 : blob.getSize()));
                }
            }
        } catch (StorageException e) {
            throw new sh.oso.korb.error.StorageException("could not list snapshots in gs://" + bucket + "/"
                    + StoredSnapshots.key(prefix, "") + ": " + describe(e), e);
        }
        snapshots.sort(StoredSnapshots.BY_ID);
        return snapshots;
    }

    @Override
    public void delete(SnapshotId id) {
        try {
            if (!storage.delete(blobIdOf(id))) {
                throw SnapshotNotFoundException.at(id.value(), locationOf(id));
            }
        } catch (StorageException e) {
            throw failure("delete snapshot '" + id + "' from", id, e);
        }
    }

    @Override
    public String locationOf(SnapshotId id) {
        return "gs://" + bucket + "/" + StoredSnapshots.key(prefix, id.fileName());
    }

    @Override
    public void close() {
        if (closeClient) {
            try {
                storage.close();
            } catch (Exception e) {
                // closing releases connections only; the snapshot is already stored
            }
        }
    }

    private sh.oso.korb.error.StorageException failure(String action, SnapshotId id, StorageException e) {
        return new sh.oso.korb.error.StorageException("could not " + action + " " + locationOf(id) + ": "
                + describe(e), e);
    }

    private static String describe(StorageException e) {
        if (e.getCode() == 0) {
            return "Google Cloud Storage is unreachable (" + e.getMessage() + "): check the network and the"
                    + " Application Default Credentials";
        }
        String hint = e.getCode() == 401 || e.getCode() == 403
                ? " (check the Application Default Credentials or GOOGLE_APPLICATION_CREDENTIALS)"
                : e.getCode() == 404 ? " (check --gcs-bucket)" : "";
        return "HTTP " + e.getCode() + " " + e.getMessage() + hint;
    }
}
