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
import java.util.function.Function;
import java.util.function.Supplier;
import sh.oso.korb.error.InvalidInputException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Opens the store a {@link StorageConfig} names: the one place that builds stores and their clients. Cloud
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
        this(() -> new KubernetesClientBuilder().build(), true, DefaultSnapshotStoreFactory::gcsClient, true);
    }

    /** With given Kubernetes and GCS clients, which the caller keeps open and closes (tests, the controller). */
    public DefaultSnapshotStoreFactory(
            Supplier<KubernetesClient> kubernetes, boolean ownsKubernetes, Supplier<Storage> gcs, boolean ownsGcs) {
        this(kubernetes, ownsKubernetes, settings -> gcs.get(), ownsGcs);
    }

    private DefaultSnapshotStoreFactory(
            Supplier<KubernetesClient> kubernetes,
            boolean ownsKubernetes,
            Function<StorageConfig.Gcs, Storage> gcs,
            boolean ownsGcs) {
        this.kubernetes = kubernetes;
        this.ownsKubernetes = ownsKubernetes;
        this.gcs = gcs;
        this.ownsGcs = ownsGcs;
    }

    @Override
    public SnapshotStore open(StorageConfig config) {
        return new GuardedSnapshotStore(
                config.match(new Opener()), "storage type " + config.type().value());
    }

    /** The one place that turns each kind of settings into its store and client. */
    private final class Opener implements StorageConfig.Cases<SnapshotStore> {

        @Override
        public SnapshotStore pvc(StorageConfig.Pvc pvc) {
            return new DirectorySnapshotStore(pvc.directory());
        }

        @Override
        public SnapshotStore configMap(StorageConfig.ConfigMap configMap) {
            return new ConfigMapSnapshotStore(
                    kubernetes.get(), configMap.namespace(), configMap.name(), ownsKubernetes);
        }

        @Override
        public SnapshotStore s3(StorageConfig.S3 s3) {
            return new S3SnapshotStore(s3Client(s3), s3.bucket(), s3.prefix());
        }

        @Override
        public SnapshotStore azure(StorageConfig.Azure azure) {
            return new AzureBlobSnapshotStore(azureContainer(azure), azure.prefix());
        }

        @Override
        public SnapshotStore gcs(StorageConfig.Gcs settings) {
            return new GcsSnapshotStore(gcs.apply(settings), settings.bucket(), settings.prefix(), ownsGcs);
        }
    }

    private static S3Client s3Client(StorageConfig.S3 settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(client -> client.addExecutionInterceptor(new WithoutExpectContinue()))
                .forcePathStyle(settings.pathStyle());
        settings.region().ifPresent(region -> builder.region(Region.of(region)));
        settings.credentialsFile().ifPresent(file -> builder.credentialsProvider(CloudCredentials.aws(file)));
        settings.endpoint().ifPresent(endpoint -> {
            // S3-compatible stores (MinIO, Ceph, s3proxy) often lack the SDK's newer default checksums.
            builder.endpointOverride(endpoint)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            if (settings.region().isEmpty()) {
                builder.region(Region.US_EAST_1);
            }
        });
        return builder.build();
    }

    private static Storage gcsClient(StorageConfig.Gcs settings) {
        if (settings.credentialsFile().isEmpty()) {
            return StorageOptions.getDefaultInstance().getService();
        }
        return StorageOptions.newBuilder()
                .setCredentials(
                        CloudCredentials.google(settings.credentialsFile().get()))
                .build()
                .getService();
    }

    private static BlobContainerClient azureContainer(StorageConfig.Azure settings) {
        // Fail within seconds, not minutes, when the endpoint is unreachable.
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, 30, 500L, 4_000L, null));
        // The builder checks what it is given as it is given; its own message is not passed on, since a connection
        // string (or an endpoint with a SAS token) holds a secret.
        if (settings.connectionString().isPresent()) {
            try {
                builder.connectionString(settings.connectionString().get().reveal());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("the Azure Storage connection string is malformed (expected"
                        + " DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=...): check "
                        + StorageConfig.Azure.CONNECTION_STRING_SOURCES);
            }
        } else {
            try {
                builder.endpoint(settings.endpoint().orElseThrow());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(
                        "--azure-endpoint is not a blob endpoint URL, e.g." + " https://ACCOUNT.blob.core.windows.net");
            }
            builder.credential(new DefaultAzureCredentialBuilder().build());
        }
        return builder.buildClient().getBlobContainerClient(settings.container());
    }
}
