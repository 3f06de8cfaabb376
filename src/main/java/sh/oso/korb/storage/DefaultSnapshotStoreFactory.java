package sh.oso.korb.storage;

import sh.oso.korb.error.InvalidInputException;

/** Opens the production stores. */
public final class DefaultSnapshotStoreFactory implements SnapshotStoreFactory {

    @Override
    public SnapshotStore open(StorageConfig config) {
        return switch (config.type()) {
            case PVC -> new DirectorySnapshotStore(config.pvcPath().orElseThrow(() -> new InvalidInputException(
                    "--pvc-path is required with --storage-type pvc: the directory where the claim is mounted")));
            default -> throw new InvalidInputException("--storage-type " + config.type().specName()
                    + " is not supported yet: use --storage-type pvc --pvc-path DIR");
        };
    }
}
