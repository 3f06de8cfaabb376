package sh.oso.korb.storage;

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
import java.util.stream.Stream;

/**
 * The {@code gcs} store: the object {@code <prefix>/<snapshotId>.json} in a bucket, streamed in a resumable
 * upload. New snapshots are written with a {@code doesNotExist} precondition, so Google Cloud Storage
 * refuses a second writer of the same id.
 */
public final class GcsSnapshotStore extends ObjectSnapshotStore<StorageException> {

    private final Storage storage;
    private final String bucket;
    private final boolean closeClient;

    public GcsSnapshotStore(Storage storage, String bucket, String prefix, boolean closeClient) {
        super(prefix, StorageException.class);
        this.storage = storage;
        this.bucket = bucket;
        this.closeClient = closeClient;
    }

    @Override
    protected boolean put(String key, Content content, boolean ifAbsent) throws IOException {
        // The doesNotExist precondition makes creation atomic; looking first gives the clear error before any
        // upload starts (and is what GCS fakes without preconditions honour).
        if (ifAbsent && contains(key)) {
            return false;
        }
        BlobInfo info = BlobInfo.newBuilder(BlobId.of(bucket, key))
                .setContentType("application/json")
                .build();
        Storage.BlobWriteOption[] options = ifAbsent
                ? new Storage.BlobWriteOption[] {Storage.BlobWriteOption.doesNotExist()}
                : new Storage.BlobWriteOption[0];
        try (WriteChannel channel = storage.writer(info, options);
                OutputStream out = Channels.newOutputStream(channel)) {
            content.writeTo(out);
            return true;
        } catch (StorageException e) {
            if (ifAbsent && e.getCode() == 412) {
                return false;
            }
            throw e;
        } catch (IOException e) {
            // The precondition's refusal arrives when the upload is closed, wrapped.
            if (ifAbsent && e.getCause() instanceof StorageException storageError && storageError.getCode() == 412) {
                return false;
            }
            throw e;
        }
    }

    @Override
    protected InputStream get(String key) {
        Blob blob = storage.get(BlobId.of(bucket, key));
        return blob == null ? null : Channels.newInputStream(blob.reader());
    }

    @Override
    protected boolean contains(String key) {
        return storage.get(BlobId.of(bucket, key)) != null;
    }

    @Override
    protected Stream<StoredObject> listObjects(String keyPrefix) {
        return storage.list(bucket, Storage.BlobListOption.prefix(keyPrefix), Storage.BlobListOption.currentDirectory())
                .streamAll()
                .map(blob -> new StoredObject(blob.getName(), blob.getSize() == null ? 0 : blob.getSize()));
    }

    @Override
    protected boolean remove(String key) {
        return storage.delete(BlobId.of(bucket, key));
    }

    @Override
    protected String root() {
        return "gs://" + bucket + "/";
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

    @Override
    protected String describe(StorageException e) {
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
