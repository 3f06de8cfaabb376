package sh.oso.korb.storage;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;

/**
 * The {@code azure} store: the block blob {@code <prefix>/<snapshotId>.json} in a container. New snapshots
 * are uploaded with overwrite disabled, so Azure itself refuses a second writer of the same id.
 */
public final class AzureBlobSnapshotStore extends ObjectSnapshotStore<BlobStorageException> {

    private final BlobContainerClient container;

    public AzureBlobSnapshotStore(BlobContainerClient container, String prefix) {
        super(prefix, BlobStorageException.class);
        this.container = container;
    }

    @Override
    protected boolean put(String key, Content content, boolean ifAbsent) throws IOException {
        try (SpooledContent spooled = SpooledContent.of(content)) {
            container.getBlobClient(key).uploadFromFile(spooled.file().toString(), !ifAbsent);
            return true;
        } catch (BlobStorageException e) {
            if (ifAbsent
                    && (e.getErrorCode() == BlobErrorCode.BLOB_ALREADY_EXISTS
                            || e.getStatusCode() == 409
                            || e.getStatusCode() == 412)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    protected InputStream get(String key) {
        try {
            return container.getBlobClient(key).openInputStream();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    @Override
    protected boolean contains(String key) {
        return container.getBlobClient(key).exists();
    }

    @Override
    protected Stream<StoredObject> listObjects(String keyPrefix) {
        return container.listBlobsByHierarchy("/", new ListBlobsOptions().setPrefix(keyPrefix), null).stream()
                .filter(blob -> !Boolean.TRUE.equals(blob.isPrefix()))
                .map(blob ->
                        new StoredObject(blob.getName(), blob.getProperties().getContentLength()));
    }

    @Override
    protected boolean remove(String key) {
        try {
            container.getBlobClient(key).delete();
            return true;
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    protected String root() {
        return "azure://" + container.getAccountName() + "/" + container.getBlobContainerName() + "/";
    }

    @Override
    protected String listing() {
        return "container " + container.getBlobContainerName();
    }

    @Override
    protected String describe(BlobStorageException e) {
        String code = e.getErrorCode() == null ? "" : e.getErrorCode().toString();
        String hint = switch (code) {
            case "ContainerNotFound" ->
                " (container " + container.getBlobContainerName() + " does not exist: check --azure-container)";
            case "AuthenticationFailed", "AuthorizationFailure", "AuthorizationPermissionMismatch" ->
                " (check AZURE_STORAGE_CONNECTION_STRING or the workload identity's role on the container)";
            default -> "";
        };
        return "HTTP " + e.getStatusCode() + " " + code + hint;
    }
}
