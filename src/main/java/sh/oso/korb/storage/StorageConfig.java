package sh.oso.korb.storage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.secret.Secret;
import sh.oso.korb.snapshot.SnapshotId;

/**
 * Where snapshots are stored, built once from flags and environment; mirrors the resource's
 * {@code spec.storage}. One record per kind of store, holding only that store's settings and refusing
 * incomplete ones when built, so a store never opens with a setting missing.
 */
public sealed interface StorageConfig {

    /**
     * The longest key prefix of the object stores, in UTF-8 bytes: S3 keys and GCS object names hold 1,024 bytes,
     * Azure blob names 1,024 characters, and {@code <prefix>/<snapshotId>.json} must fit with the longest id.
     */
    int MAX_PREFIX_BYTES = 1024 - 1 - SnapshotId.MAX_LENGTH - 5; // "/" and ".json"; a constant, for annotations

    StorageType type();

    /**
     * Calls the case of this kind of store. Java 17 cannot switch over a sealed type; this is the exhaustive
     * stand-in: a new kind of store does not compile until every {@link Cases} handles it.
     */
    <T> T match(Cases<T> cases);

    /** One method per kind of store. */
    interface Cases<T> {
        T pvc(Pvc pvc);

        T configMap(ConfigMap configMap);

        T s3(S3 s3);

        T azure(Azure azure);

        T gcs(Gcs gcs);
    }

    /** {@code storage.pvc}: the directory where the PersistentVolumeClaim is mounted. */
    record Pvc(Path directory) implements StorageConfig {
        public Pvc {
            required(directory, "--pvc-path", StorageType.PVC, "the directory where the claim is mounted");
        }

        @Override
        public StorageType type() {
            return StorageType.PVC;
        }

        @Override
        public <T> T match(Cases<T> cases) {
            return cases.pvc(this);
        }
    }

    /** {@code storage.configMap}: one ConfigMap holds many snapshots, one data key each. */
    record ConfigMap(String name, String namespace) implements StorageConfig {
        public ConfigMap {
            required(name, "--configmap-name", StorageType.CONFIGMAP, "the ConfigMap to keep snapshots in");
            kubernetesName(name);
            kubernetesName(namespace);
        }

        @Override
        public StorageType type() {
            return StorageType.CONFIGMAP;
        }

        @Override
        public <T> T match(Cases<T> cases) {
            return cases.configMap(this);
        }
    }

    /**
     * {@code storage.s3}; endpoint and path-style address S3-compatible stores such as MinIO or Ceph. Without
     * a credentials file (AWS shared-credentials format) the AWS default chain applies (env, IRSA, profile).
     */
    record S3(
            String bucket,
            Optional<String> region,
            String prefix,
            Optional<URI> endpoint,
            boolean pathStyle,
            Optional<Path> credentialsFile)
            implements StorageConfig {
        public S3 {
            required(bucket, "--s3-bucket", StorageType.S3, "the bucket");
            roomForEveryId(prefix, "--s3-prefix");
            if (region.isEmpty() && endpoint.isEmpty()) {
                throw new InvalidInputException("--s3-region is required with --storage-type s3, e.g. us-west-2");
            }
        }

        @Override
        public StorageType type() {
            return StorageType.S3;
        }

        @Override
        public <T> T match(Cases<T> cases) {
            return cases.s3(this);
        }
    }

    /**
     * {@code storage.azure}: a connection string (from a mounted Secret or the environment), or an endpoint
     * with workload identity.
     */
    record Azure(String container, String prefix, Optional<String> endpoint, Optional<Secret> connectionString)
            implements StorageConfig {

        /** Where a connection string comes from, for messages: the mounted Secret's key, else the environment. */
        public static final String CONNECTION_STRING_SOURCES = "--cloud-credentials-dir (key connection-string) or"
                + " the environment variable AZURE_STORAGE_CONNECTION_STRING";

        public Azure {
            required(container, "--azure-container", StorageType.AZURE, "the blob container");
            roomForEveryId(prefix, "--azure-prefix");
            if (connectionString.isEmpty() && endpoint.isEmpty()) {
                throw new InvalidInputException("--storage-type azure needs --azure-endpoint (with workload identity),"
                        + " a connection string in " + CONNECTION_STRING_SOURCES);
            }
        }

        @Override
        public StorageType type() {
            return StorageType.AZURE;
        }

        @Override
        public <T> T match(Cases<T> cases) {
            return cases.azure(this);
        }
    }

    /** {@code storage.gcs}; without a service-account key file, Application Default Credentials apply. */
    record Gcs(String bucket, String prefix, Optional<Path> credentialsFile) implements StorageConfig {
        public Gcs {
            required(bucket, "--gcs-bucket", StorageType.GCS, "the bucket");
            roomForEveryId(prefix, "--gcs-prefix");
        }

        @Override
        public StorageType type() {
            return StorageType.GCS;
        }

        @Override
        public <T> T match(Cases<T> cases) {
            return cases.gcs(this);
        }
    }

    private static void required(Object value, String option, StorageType type, String what) {
        if (value == null) {
            throw new InvalidInputException(option + " is required with --storage-type " + type.value() + ": " + what);
        }
    }

    private static void roomForEveryId(String prefix, String option) {
        int bytes = StoredSnapshots.withoutSlashes(prefix).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PREFIX_BYTES) {
            throw new InvalidInputException(option + " is " + bytes + " bytes long; at most " + MAX_PREFIX_BYTES
                    + " are allowed, so that <prefix>/<snapshotId>.json fits in 1,024 bytes with the longest snapshot"
                    + " id (" + SnapshotId.MAX_LENGTH + " characters)");
        }
    }

    private static void kubernetesName(String value) {
        if (!value.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new InvalidInputException("'" + value + "' is not a valid Kubernetes name: use lower-case letters,"
                    + " digits, '-' and '.', at most 253 characters");
        }
    }
}
