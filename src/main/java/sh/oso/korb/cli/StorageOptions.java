package sh.oso.korb.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import sh.oso.korb.storage.StorageConfig;
import sh.oso.korb.storage.StorageType;

/** Where snapshots are stored; mirrors the resource's spec.storage. */
final class StorageOptions {

    @Option(names = "--storage-type", paramLabel = "TYPE", defaultValue = "pvc",
            description = "Snapshot store: pvc, configMap, s3, azure, gcs; case-insensitive (default: ${DEFAULT-VALUE}).")
    String storageType;

    @Option(names = "--pvc-path", paramLabel = "DIR",
            description = "Directory of the pvc store (where the PersistentVolumeClaim is mounted).")
    Path pvcPath;

    StorageConfig toConfig() {
        return new StorageConfig(StorageType.parse(storageType), Optional.ofNullable(pvcPath));
    }
}
