package sh.oso.korb.storage;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import sh.oso.korb.error.InvalidInputException;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Opens the store a {@link StorageConfig} names, checking first that its settings are complete. Cloud
 * clients take their credentials from a mounted Secret's file when one is given, else from their own
 * standard chains (AWS default chain, Azure workload identity, Google Application Default Credentials);
 * never from flags.
 */
public final class DefaultSnapshotStoreFactory implements SnapshotStoreFactory {

    private final Supplier<KubernetesClient> kubernetes;
    private final boolean ownsKubernetes;
    private final Function<StorageConfig.Gcs, Storage> gcs;
    private final boolean ownsGcs;

    /** Production clients, configured from the pod's service account, kubeconfig and cloud credentials. */
    public DefaultSnapshotStoreFactory() {
        this(() -> new KubernetesClientBuilder().build(), true,
                DefaultSnapshotStoreFactory::gcsClient, true);
    }

    /** With given Kubernetes and GCS clients, which the caller keeps open and closes (tests, the controller). */
    public DefaultSnapshotStoreFactory(Supplier<KubernetesClient> kubernetes, boolean ownsKubernetes,
                                       Supplier<Storage> gcs, boolean ownsGcs) {
        this(kubernetes, ownsKubernetes, settings -> gcs.get(), ownsGcs);
    }

    private DefaultSnapshotStoreFactory(Supplier<KubernetesClient> kubernetes, boolean ownsKubernetes,
                                        Function<StorageConfig.Gcs, Storage> gcs, boolean ownsGcs) {
        this.kubernetes = kubernetes;
        this.ownsKubernetes = ownsKubernetes;
        this.gcs = gcs;
        this.ownsGcs = ownsGcs;
    }

    @Override
    public SnapshotStore open(StorageConfig config) {
        return new GuardedSnapshotStore(create(config), "storage type " + config.type().value());
    }

    private SnapshotStore create(StorageConfig config) {
        return switch (config.type()) {
            case PVC -> new DirectorySnapshotStore(required(config.pvcPath(), "--pvc-path", "pvc",
                    "the directory where the claim is mounted"));
            case CONFIGMAP -> new ConfigMapSnapshotStore(kubernetes.get(), config.configMap().namespace(),
                    required(config.configMap().name(), "--configmap-name", "configMap", "the ConfigMap to keep snapshots in"),
                    ownsKubernetes);
            case S3 -> new S3SnapshotStore(s3Client(config.s3()),
                    required(config.s3().bucket(), "--s3-bucket", "s3", "the bucket"), config.s3().prefix());
            case AZURE -> new AzureBlobSnapshotStore(azureContainer(config.azure()), config.azure().prefix());
            case GCS -> new GcsSnapshotStore(gcs.apply(config.gcs()), required(config.gcs().bucket(), "--gcs-bucket", "gcs",
                    "the bucket"), config.gcs().prefix(), ownsGcs);
        };
    }

    private static <T> T required(Optional<T> value, String option, String type, String what) {
        return value.orElseThrow(() -> new InvalidInputException(option + " is required with --storage-type " + type
                + ": " + what));
    }

    private static S3Client s3Client(StorageConfig.S3 settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(client -> client.addExecutionInterceptor(new WithoutExpectContinue()))
                .forcePathStyle(settings.pathStyle());
        settings.region().ifPresent(region -> builder.region(Region.of(region)));
        settings.credentialsFile().ifPresent(file -> builder.credentialsProvider(ProfileCredentialsProvider.builder()
                .profileFile(ProfileFile.builder().content(file).type(ProfileFile.Type.CREDENTIALS).build())
                .profileName("default").build()));
        if (settings.endpoint().isPresent()) {
            // S3-compatible stores (MinIO, Ceph, s3proxy) often lack the SDK's newer default checksums.
            builder.endpointOverride(settings.endpoint().get())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            if (settings.region().isEmpty()) {
                builder.region(Region.US_EAST_1);
            }
        } else if (settings.region().isEmpty()) {
            throw new InvalidInputException("--s3-region is required with --storage-type s3, e.g. us-west-2");
        }
        return builder.build();
    }

    private static Storage gcsClient(StorageConfig.Gcs settings) {
        if (settings.credentialsFile().isEmpty()) {
            return StorageOptions.getDefaultInstance().getService();
        }
        try (InputStream key = Files.newInputStream(settings.credentialsFile().get())) {
            return StorageOptions.newBuilder().setCredentials(GoogleCredentials.fromStream(key)).build().getService();
        } catch (IOException e) {
            // The key's content never reaches the message: only its path and the parser's complaint class.
            throw new InvalidInputException("--cloud-credentials-dir " + settings.credentialsFile().get()
                    + " is not a Google service account key (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static BlobContainerClient azureContainer(StorageConfig.Azure settings) {
        String container = required(settings.container(), "--azure-container", "azure", "the blob container");
        // Fail within seconds, not minutes, when the endpoint is unreachable.
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder().retryOptions(
                new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, 30, 500L, 4_000L, null));
        if (settings.connectionString().isPresent()) {
            builder.connectionString(settings.connectionString().get().reveal());
        } else if (settings.endpoint().isPresent()) {
            builder.endpoint(settings.endpoint().get()).credential(new DefaultAzureCredentialBuilder().build());
        } else {
            throw new InvalidInputException("--storage-type azure needs --azure-endpoint (with workload identity),"
                    + " a connection string in --cloud-credentials-dir (key connection-string) or the environment"
                    + " variable AZURE_STORAGE_CONNECTION_STRING");
        }
        return builder.buildClient().getBlobContainerClient(container);
    }
}
