package sh.oso.korb.storage;

import com.azure.storage.blob.BlobServiceClientBuilder;
import java.util.Optional;
import java.util.UUID;
import sh.oso.korb.secret.Secret;
import sh.oso.korb.testing.Azurite;

/** The azure store through the real Azure SDK against Azurite, with the emulator's development account. */
class AzureStoreContractTest extends SnapshotStoreContract {

    static StorageConfig azureConfig(String container, String connectionString) {
        return azureConfig(container, "offset-snapshots", connectionString);
    }

    private static StorageConfig azureConfig(String container, String prefix, String connectionString) {
        return new StorageConfig.Azure(container, prefix, Optional.empty(), Optional.of(Secret.of(connectionString)));
    }

    static String createContainer(String connectionString) {
        String container = "korb-" + UUID.randomUUID().toString().substring(0, 8);
        new BlobServiceClientBuilder()
                .connectionString(connectionString)
                .buildClient()
                .createBlobContainer(container);
        return container;
    }

    @Override
    protected Optional<SnapshotStore> openEmptyStoreWithLongestPrefix() {
        String connectionString = Azurite.shared().connectionString();
        return Optional.of(new DefaultSnapshotStoreFactory()
                .open(azureConfig(createContainer(connectionString), LONGEST_PREFIX, connectionString)));
    }

    @Override
    protected SnapshotStore openEmptyStore() {
        String connectionString = Azurite.shared().connectionString();
        return new DefaultSnapshotStoreFactory().open(azureConfig(createContainer(connectionString), connectionString));
    }
}
