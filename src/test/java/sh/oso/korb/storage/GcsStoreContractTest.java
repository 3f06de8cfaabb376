package sh.oso.korb.storage;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.util.Optional;

/**
 * The gcs store against {@code LocalStorageHelper}, Google's in-memory fake of the Storage API: no GCS
 * emulator can be installed here. The fake ignores preconditions, so the atomicity of the
 * {@code doesNotExist} create is not proven here; the store also checks for an existing snapshot first,
 * which is what the refused-second-create test sees.
 */
class GcsStoreContractTest extends SnapshotStoreContract {

    static StorageConfig gcsConfig() {
        return new StorageConfig.Gcs("kafka-offset-snapshots", "offset-snapshots", Optional.empty());
    }

    @Override
    protected Optional<SnapshotStore> openEmptyStoreWithLongestPrefix() {
        return Optional.of(open(new StorageConfig.Gcs("kafka-offset-snapshots", LONGEST_PREFIX, Optional.empty())));
    }

    @Override
    protected SnapshotStore openEmptyStore() {
        return open(gcsConfig());
    }

    private static SnapshotStore open(StorageConfig config) {
        Storage storage = LocalStorageHelper.customOptions(false).getService();
        return new DefaultSnapshotStoreFactory(() -> null, false, () -> storage, false).open(config);
    }
}
