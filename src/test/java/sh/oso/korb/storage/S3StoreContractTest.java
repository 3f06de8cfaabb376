package sh.oso.korb.storage;

import java.util.Optional;
import java.util.UUID;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The s3 store through the real AWS SDK, over HTTP on 127.0.0.1, against s3proxy (a real S3 API server). */
class S3StoreContractTest extends SnapshotStoreContract {

    /**
     * Kept in memory: s3proxy's default filesystem backend stores each key as a file, written first under the name
     * plus a 37-character suffix, so it cannot hold the 1,024-byte keys S3 holds.
     */
    @RegisterExtension
    static final S3ProxyExtension S3_PROXY = S3ProxyExtension.builder()
            .withCredentials("korb-access", "korb-secret")
            .withBlobStoreProvider("transient")
            .build();

    @BeforeAll
    static void credentialsForTheDefaultChain() {
        // The store uses the AWS default credential chain, whose system-property step these feed.
        System.setProperty("aws.accessKeyId", "korb-access");
        System.setProperty("aws.secretAccessKey", "korb-secret");
    }

    @AfterAll
    static void forgetCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    static StorageConfig s3Config(String bucket, String prefix) {
        return new StorageConfig.S3(
                bucket, Optional.of("us-east-1"), prefix, Optional.of(S3_PROXY.getUri()), true, Optional.empty());
    }

    static String createBucket() {
        String bucket = "korb-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(S3_PROXY.getUri())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("korb-access", "korb-secret")))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build()) {
            s3.createBucket(request -> request.bucket(bucket));
        }
        return bucket;
    }

    @Override
    protected Optional<SnapshotStore> openEmptyStoreWithLongestPrefix() {
        return Optional.of(new DefaultSnapshotStoreFactory().open(s3Config(createBucket(), LONGEST_PREFIX)));
    }

    @Override
    protected SnapshotStore openEmptyStore() {
        return new DefaultSnapshotStoreFactory().open(s3Config(createBucket(), "offset-snapshots"));
    }
}
