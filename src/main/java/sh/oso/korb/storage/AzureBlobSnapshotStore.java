package sh.oso.korb.storage;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.error.SnapshotNotFoundException;
import sh.oso.korb.error.StorageException;
import sh.oso.korb.snapshot.SnapshotId;

/**
 * The {@code azure} store: the block blob {@code <prefix>/<snapshotId>.json} in a container. New snapshots
 * are uploaded with overwrite disabled, so Azure itself refuses a second writer of the same id.
 */
public final class AzureBlobSnapshotStore implements SnapshotStore {

    private final BlobContainerClient container;
    private final String prefix;

    public AzureBlobSnapshotStore(BlobContainerClient container, String prefix) {
        this.container = container;
        this.prefix = prefix;
    }

    private BlobClient blobOf(SnapshotId id) {
        return container.getBlobClient(StoredSnapshots.key(prefix, id.fileName()));
    }

    @Override
    public void write(SnapshotId id, Content content, WriteMode mode) {
        try (SpooledContent spooled = SpooledContent.of(content)) {
            blobOf(id).uploadFromFile(spooled.file().toString(), mode == WriteMode.REPLACE);
        } catch (BlobStorageException e) {
            if (mode == WriteMode.CREATE && (e.getErrorCode() == BlobErrorCode.BLOB_ALREADY_EXISTS
                    || e.getStatusCode() == 409 || e.getStatusCode() == 412)) {
                throw SnapshotExistsException.at(id.value(), locationOf(id));
            }
            throw failure("write snapshot '" + id + "' to", id, e);
        } catch (IOException | UncheckedIOException e) {
            throw StoredSnapshots.writeFailure(this, id, e);
        }
    }

    @Override
    public <T> T read(SnapshotId id, ContentReader<T> reader) {
        try (InputStream in = blobOf(id).openInputStream()) {
            return reader.read(in);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                throw SnapshotNotFoundException.at(id.value(), locationOf(id));
            }
            throw failure("read snapshot '" + id + "' from", id, e);
        } catch (IOException e) {
            throw StoredSnapshots.readFailure(this, id, e);
        }
    }

    @Override
    public boolean exists(SnapshotId id) {
        try {
            return blobOf(id).exists();
        } catch (BlobStorageException e) {
            throw failure("look up snapshot '" + id + "' in", id, e);
        }
    }

    @Override
    public List<StoredSnapshot> list() {
        List<StoredSnapshot> snapshots = new ArrayList<>();
        try {
            for (BlobItem blob : container.listBlobsByHierarchy("/",
                    new ListBlobsOptions().setPrefix(StoredSnapshots.key(prefix, "")), null)) {
                SnapshotId id = Boolean.TRUE.equals(blob.isPrefix()) ? null : StoredSnapshots.idOf(prefix, blob.getName());
                if (id != null) {
                    snapshots.add(new StoredSnapshot(id, blob.getProperties().getContentLength()));
                }
            }
        } catch (BlobStorageException e) {
            throw new StorageException("could not list snapshots in container " + container.getBlobContainerName()
                    + ": " + describe(e), e);
        }
        snapshots.sort(StoredSnapshots.BY_ID);
        return snapshots;
    }

    @Override
    public void delete(SnapshotId id) {
        try {
            blobOf(id).delete();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                throw SnapshotNotFoundException.at(id.value(), locationOf(id));
            }
            throw failure("delete snapshot '" + id + "' from", id, e);
        }
    }

    @Override
    public String locationOf(SnapshotId id) {
        return "azure://" + container.getAccountName() + "/" + container.getBlobContainerName() + "/"
                + StoredSnapshots.key(prefix, id.fileName());
    }

    private StorageException failure(String action, SnapshotId id, BlobStorageException e) {
        return new StorageException("could not " + action + " " + locationOf(id) + ": " + describe(e), e);
    }

    private String describe(BlobStorageException e) {
        String code = e.getErrorCode() == null ? "" : e.getErrorCode().toString();
        String hint = switch (code) {
            case "ContainerNotFound" -> " (container " + container.getBlobContainerName()
                    + " does not exist: check --azure-container)";
            case "AuthenticationFailed", "AuthorizationFailure", "AuthorizationPermissionMismatch" ->
                    " (check AZURE_STORAGE_CONNECTION_STRING or the workload identity's role on the container)";
            default -> "";
        };
        return "HTTP " + e.getStatusCode() + " " + code + hint;
    }
}
