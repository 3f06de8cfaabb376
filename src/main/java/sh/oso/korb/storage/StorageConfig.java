package sh.oso.korb.storage;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where snapshots are stored, built once from flags and environment. Mirrors the resource's
 * {@code spec.storage}; later store types add their settings here.
 *
 * @param type    the store type
 * @param pvcPath the directory of the pvc store
 */
public record StorageConfig(StorageType type, Optional<Path> pvcPath) {

    public static StorageConfig pvc(Path directory) {
        return new StorageConfig(StorageType.PVC, Optional.of(directory));
    }
}
