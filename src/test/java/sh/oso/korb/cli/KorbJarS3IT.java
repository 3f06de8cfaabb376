package sh.oso.korb.cli;

import java.nio.file.Path;
import java.util.Map;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The s3 store through the packaged jar, against s3proxy, with credentials from the AWS environment variables. */
class KorbJarS3IT {

    @RegisterExtension
    static final S3ProxyExtension S3_PROXY = S3ProxyExtension.builder()
            .withCredentials("jar-access", "jar-secret")
            .build();

    @TempDir
    Path work;

    @Test
    void s3() throws Exception {
        String bucket = "jar-" + System.nanoTime();
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(S3_PROXY.getUri())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("jar-access", "jar-secret")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            s3.createBucket(request -> request.bucket(bucket));
        }
        KorbJarStoresIT.roundTrip(
                work,
                Map.of(
                        "KORB_STORAGE_TYPE",
                        "s3",
                        "AWS_ACCESS_KEY_ID",
                        "jar-access",
                        "AWS_SECRET_ACCESS_KEY",
                        "jar-secret",
                        "KORB_S3_BUCKET",
                        bucket,
                        "KORB_S3_REGION",
                        "us-east-1",
                        "KORB_S3_ENDPOINT",
                        S3_PROXY.getUri().toString(),
                        "KORB_S3_PATH_STYLE",
                        "true"));
    }
}
