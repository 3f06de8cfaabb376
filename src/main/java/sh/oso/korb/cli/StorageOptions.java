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
import sh.oso.korb.secret.SecretDirectory;
import sh.oso.korb.secret.SecretFiles;
import sh.oso.korb.storage.StorageConfig;
import sh.oso.korb.storage.StorageType;

/** Where snapshots are stored; mirrors the resource's spec.storage. */
final class StorageOptions {

    static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
    static final String AZURE_CONNECTION_STRING = "AZURE_STORAGE_CONNECTION_STRING";
    static final String S3_CREDENTIALS_KEY = "credentials";
    static final String AZURE_CONNECTION_STRING_KEY = "connection-string";
    static final String GCS_KEY_FILE_KEY = "key.json";

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

    @Option(names = "--cloud-credentials-dir", paramLabel = "DIR",
            description = {"A Secret with the store's credentials mounted as a directory (a Tekton workspace, an"
                    + " Argo volume): s3 reads its key '" + S3_CREDENTIALS_KEY + "' (an AWS shared credentials file),"
                    + " azure '" + AZURE_CONNECTION_STRING_KEY + "', gcs '" + GCS_KEY_FILE_KEY + "' (a service"
                    + " account key). Left empty, each cloud's own chain applies (IRSA, workload identity, ADC)."})
    Path cloudCredentialsDir;

    StorageConfig toConfig(Map<String, String> environment) {
        StorageType type = StorageType.parse(storageType);
        // Only the chosen store's key is looked for, so one Secret can serve one store without the others' keys.
        Optional<SecretDirectory> cloud = type == StorageType.S3 || type == StorageType.AZURE || type == StorageType.GCS
                ? SecretDirectory.mounted(cloudCredentialsDir, "--cloud-credentials-dir")
                : Optional.empty();
        return new StorageConfig(type, Optional.ofNullable(pvcPath),
                new StorageConfig.ConfigMap(Optional.ofNullable(configMapName).map(StorageOptions::kubernetesName),
                        Optional.ofNullable(namespace).map(StorageOptions::kubernetesName).orElseGet(StorageOptions::podNamespace)),
                new StorageConfig.S3(Optional.ofNullable(s3Bucket), Optional.ofNullable(s3Region), s3Prefix,
                        Optional.ofNullable(s3Endpoint), s3PathStyle, type == StorageType.S3
                        ? cloud.map(dir -> dir.requiredEntry(S3_CREDENTIALS_KEY, "an AWS shared credentials file"))
                        : Optional.empty()),
                new StorageConfig.Azure(Optional.ofNullable(azureContainer), azurePrefix,
                        Optional.ofNullable(azureEndpoint),
                        azureConnectionString(type == StorageType.AZURE ? cloud : Optional.empty(), environment)),
                new StorageConfig.Gcs(Optional.ofNullable(gcsBucket), gcsPrefix, type == StorageType.GCS
                        ? cloud.map(dir -> dir.requiredEntry(GCS_KEY_FILE_KEY, "a service account key in JSON"))
                        : Optional.empty()));
    }

    /** From the mounted Secret when there is one, else from the environment. */
    private static Optional<Secret> azureConnectionString(Optional<SecretDirectory> cloud, Map<String, String> environment) {
        if (cloud.isPresent()) {
            Path file = cloud.get().requiredEntry(AZURE_CONNECTION_STRING_KEY, "an Azure Storage connection string");
            return Optional.of(SecretFiles.read(file, "--cloud-credentials-dir"));
        }
        return Optional.ofNullable(environment.get(AZURE_CONNECTION_STRING)).filter(value -> !value.isBlank())
                .map(Secret::of);
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
