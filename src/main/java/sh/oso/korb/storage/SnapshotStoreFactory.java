package sh.oso.korb.storage;

/** Opens the store a {@link StorageConfig} names; tests inject their own. */
@FunctionalInterface
public interface SnapshotStoreFactory {

    SnapshotStore open(StorageConfig config);
}
