package sh.oso.korb.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.secret.Secret;
import sh.oso.korb.storage.StorageConfig;
import sh.oso.korb.storage.StorageType;

/** Where snapshots are stored; mirrors the resource's spec.storage. */
final class StorageOptions {

    static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
    static final String AZURE_CONNECTION_STRING = "AZURE_STORAGE_CONNECTION_STRING";

    @Option(names = "--storage-type", paramLabel = "TYPE", defaultValue = "pvc",
            description = "Snapshot store: pvc, configMap, s3, azure, gcs; case-insensitive (default: ${DEFAULT-VALUE}).")
    String storageType;

    @Option(names = "--pvc-path", paramLabel = "DIR",
            description = "pvc: the directory where the PersistentVolumeClaim is mounted.")
    Path pvcPath;

    @Option(names = "--configmap-name", paramLabel = "NAME", description = "configMap: the ConfigMap holding the snapshots.")
    String configMapName;

    @Option(names = "--namespace", paramLabel = "NAMESPACE",
            description = "configMap: its namespace (default: the pod's namespace, else default).")
    String namespace;

    @Option(names = "--s3-bucket", paramLabel = "BUCKET", description = "s3: the bucket.")
    String s3Bucket;

    @Option(names = "--s3-region", paramLabel = "REGION", description = "s3: the region, e.g. us-west-2.")
    String s3Region;

    @Option(names = "--s3-prefix", paramLabel = "PREFIX", defaultValue = "",
            description = "s3: key prefix; snapshots are <prefix>/<snapshotId>.json.")
    String s3Prefix;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "s3: endpoint of an S3-compatible store (MinIO, Ceph).")
    URI s3Endpoint;

    @Option(names = "--s3-path-style", description = "s3: address buckets by path (most S3-compatible stores).")
    boolean s3PathStyle;

    @Option(names = "--azure-container", paramLabel = "CONTAINER", description = "azure: the blob container.")
    String azureContainer;

    @Option(names = "--azure-prefix", paramLabel = "PREFIX", defaultValue = "",
            description = "azure: blob name prefix; snapshots are <prefix>/<snapshotId>.json.")
    String azurePrefix;

    @Option(names = "--azure-endpoint", paramLabel = "URL",
            description = {"azure: the account's blob endpoint, used with workload identity (DefaultAzureCredential)."
                    + " A connection string comes only from the environment variable AZURE_STORAGE_CONNECTION_STRING."})
    String azureEndpoint;

    @Option(names = "--gcs-bucket", paramLabel = "BUCKET", description = "gcs: the bucket.")
    String gcsBucket;

    @Option(names = "--gcs-prefix", paramLabel = "PREFIX", defaultValue = "",
            description = "gcs: object name prefix; snapshots are <prefix>/<snapshotId>.json.")
    String gcsPrefix;

    StorageConfig toConfig(Map<String, String> environment) {
        return new StorageConfig(StorageType.parse(storageType), Optional.ofNullable(pvcPath),
                new StorageConfig.ConfigMap(Optional.ofNullable(configMapName).map(StorageOptions::kubernetesName),
                        Optional.ofNullable(namespace).map(StorageOptions::kubernetesName).orElseGet(StorageOptions::podNamespace)),
                new StorageConfig.S3(Optional.ofNullable(s3Bucket), Optional.ofNullable(s3Region), s3Prefix,
                        Optional.ofNullable(s3Endpoint), s3PathStyle),
                new StorageConfig.Azure(Optional.ofNullable(azureContainer), azurePrefix,
                        Optional.ofNullable(azureEndpoint),
                        Optional.ofNullable(environment.get(AZURE_CONNECTION_STRING)).filter(value -> !value.isBlank())
                                .map(Secret::of)),
                new StorageConfig.Gcs(Optional.ofNullable(gcsBucket), gcsPrefix));
    }

    /** The namespace the pod runs in, from its service-account mount; {@code default} outside a pod. */
    private static String podNamespace() {
        try {
            return Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)
                    ? Files.readString(SERVICE_ACCOUNT_NAMESPACE).trim() : "default";
        } catch (IOException e) {
            return "default";
        }
    }

    private static String kubernetesName(String value) {
        if (!value.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new InvalidInputException("'" + value + "' is not a valid Kubernetes name: use lower-case letters,"
                    + " digits, '-' and '.', at most 253 characters");
        }
        return value;
    }
}
