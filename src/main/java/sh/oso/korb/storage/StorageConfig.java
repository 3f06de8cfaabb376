package sh.oso.korb.storage;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import sh.oso.korb.secret.Secret;

/**
 * Where snapshots are stored, built once from flags and environment; mirrors the resource's
 * {@code spec.storage}. Only the settings of {@link #type()} are used; the store checks they are complete.
 */
public record StorageConfig(StorageType type, Optional<Path> pvcPath, ConfigMap configMap, S3 s3, Azure azure,
                            Gcs gcs) {

    /** {@code storage.configMap}: one ConfigMap holds many snapshots, one data key each. */
    public record ConfigMap(Optional<String> name, String namespace) {
    }

    /**
     * {@code storage.s3}; endpoint and path-style address S3-compatible stores such as MinIO or Ceph. Without
     * a credentials file (AWS shared-credentials format) the AWS default chain applies (env, IRSA, profile).
     */
    public record S3(Optional<String> bucket, Optional<String> region, String prefix, Optional<URI> endpoint,
                     boolean pathStyle, Optional<Path> credentialsFile) {
    }

    /** {@code storage.azure}: a connection string from the environment, or an endpoint with workload identity. */
    public record Azure(Optional<String> container, String prefix, Optional<String> endpoint,
                        Optional<Secret> connectionString) {
    }

    /** {@code storage.gcs}; without a service-account key file, Application Default Credentials apply. */
    public record Gcs(Optional<String> bucket, String prefix, Optional<Path> credentialsFile) {
    }

    public static StorageConfig pvc(Path directory) {
        return new StorageConfig(StorageType.PVC, Optional.of(directory),
                new ConfigMap(Optional.empty(), "default"),
                new S3(Optional.empty(), Optional.empty(), "", Optional.empty(), false, Optional.empty()),
                new Azure(Optional.empty(), "", Optional.empty(), Optional.empty()),
                new Gcs(Optional.empty(), "", Optional.empty()));
    }
}
