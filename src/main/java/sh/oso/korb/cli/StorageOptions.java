package sh.oso.korb.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
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

    @Option(
            names = "--storage-type",
            paramLabel = "TYPE",
            defaultValue = "pvc",
            completionCandidates = StoreNames.class,
            description = "Snapshot store: ${COMPLETION-CANDIDATES}; case-insensitive (default: ${DEFAULT-VALUE}).")
    String storageType;

    /** The stores' names, for the help: from StorageType, so that it lists every store there is. */
    static final class StoreNames extends ArrayList<String> {
        StoreNames() {
            super(Arrays.stream(StorageType.values()).map(StorageType::value).toList());
        }
    }

    @Option(
            names = "--pvc-path",
            paramLabel = "DIR",
            description = "pvc: the directory where the PersistentVolumeClaim is mounted.")
    Path pvcPath;

    @Option(
            names = "--configmap-name",
            paramLabel = "NAME",
            description = "configMap: the ConfigMap holding the snapshots.")
    String configMapName;

    @Option(
            names = "--namespace",
            paramLabel = "NAMESPACE",
            description = "configMap: its namespace (default: the pod's namespace, else default).")
    String namespace;

    @Option(names = "--s3-bucket", paramLabel = "BUCKET", description = "s3: the bucket.")
    String s3Bucket;

    @Option(names = "--s3-region", paramLabel = "REGION", description = "s3: the region, e.g. us-west-2.")
    String s3Region;

    @Option(
            names = "--s3-prefix",
            paramLabel = "PREFIX",
            defaultValue = "",
            description = "s3: key prefix; snapshots are <prefix>/<snapshotId>.json.")
    String s3Prefix;

    @Option(
            names = "--s3-endpoint",
            paramLabel = "URL",
            description = "s3: endpoint of an S3-compatible store (MinIO, Ceph).")
    URI s3Endpoint;

    @Option(names = "--s3-path-style", description = "s3: address buckets by path (most S3-compatible stores).")
    boolean s3PathStyle;

    @Option(names = "--azure-container", paramLabel = "CONTAINER", description = "azure: the blob container.")
    String azureContainer;

    @Option(
            names = "--azure-prefix",
            paramLabel = "PREFIX",
            defaultValue = "",
            description = "azure: blob name prefix; snapshots are <prefix>/<snapshotId>.json.")
    String azurePrefix;

    @Option(
            names = "--azure-endpoint",
            paramLabel = "URL",
            description = {
                "azure: the account's blob endpoint, used with workload identity (DefaultAzureCredential)."
                        + " A connection string comes only from the environment variable AZURE_STORAGE_CONNECTION_STRING."
            })
    String azureEndpoint;

    @Option(names = "--gcs-bucket", paramLabel = "BUCKET", description = "gcs: the bucket.")
    String gcsBucket;

    @Option(
            names = "--gcs-prefix",
            paramLabel = "PREFIX",
            defaultValue = "",
            description = "gcs: object name prefix; snapshots are <prefix>/<snapshotId>.json.")
    String gcsPrefix;

    @Option(
            names = "--cloud-credentials-dir",
            paramLabel = "DIR",
            description = {
                "A Secret with the store's credentials mounted as a directory (a Tekton workspace, an"
                        + " Argo volume): s3 reads its key '" + S3_CREDENTIALS_KEY
                        + "' (an AWS shared credentials file),"
                        + " azure '" + AZURE_CONNECTION_STRING_KEY + "', gcs '" + GCS_KEY_FILE_KEY + "' (a service"
                        + " account key). Left empty, each cloud's own chain applies (IRSA, workload identity, ADC)."
            })
    Path cloudCredentialsDir;

    StorageConfig toConfig(Map<String, String> environment) {
        return switch (StorageType.parse(storageType)) {
            case PVC -> new StorageConfig.Pvc(pvcPath);
            case CONFIGMAP ->
                new StorageConfig.ConfigMap(
                        configMapName, Optional.ofNullable(namespace).orElseGet(StorageOptions::podNamespace));
            case S3 ->
                new StorageConfig.S3(
                        s3Bucket,
                        Optional.ofNullable(s3Region),
                        s3Prefix,
                        Optional.ofNullable(s3Endpoint),
                        s3PathStyle,
                        cloudCredentials(S3_CREDENTIALS_KEY, "an AWS shared credentials file"));
            case AZURE ->
                new StorageConfig.Azure(
                        azureContainer,
                        azurePrefix,
                        Optional.ofNullable(azureEndpoint),
                        azureConnectionString(environment));
            case GCS ->
                new StorageConfig.Gcs(
                        gcsBucket, gcsPrefix, cloudCredentials(GCS_KEY_FILE_KEY, "a service account key in JSON"));
        };
    }

    /**
     * The chosen store's key in the mounted cloud Secret. Only that key is looked for, so one Secret can serve
     * one store without the others' keys.
     */
    private Optional<Path> cloudCredentials(String key, String purpose) {
        return SecretDirectory.mounted(cloudCredentialsDir, "--cloud-credentials-dir")
                .map(secret -> secret.requiredEntry(key, purpose));
    }

    /** From the mounted Secret when there is one, else from the environment. */
    private Optional<Secret> azureConnectionString(Map<String, String> environment) {
        Optional<Path> file = cloudCredentials(AZURE_CONNECTION_STRING_KEY, "an Azure Storage connection string");
        if (file.isPresent()) {
            return Optional.of(SecretFiles.read(file.get(), "--cloud-credentials-dir"));
        }
        return Optional.ofNullable(environment.get(AZURE_CONNECTION_STRING))
                .filter(value -> !value.isBlank())
                .map(Secret::of);
    }

    /** The namespace the pod runs in, from its service-account mount; {@code default} outside a pod. */
    private static String podNamespace() {
        try {
            return Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)
                    ? Files.readString(SERVICE_ACCOUNT_NAMESPACE).trim()
                    : "default";
        } catch (IOException e) {
            return "default";
        }
    }
}
