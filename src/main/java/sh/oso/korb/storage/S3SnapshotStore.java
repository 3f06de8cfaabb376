package sh.oso.korb.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The {@code s3} store: the object {@code <prefix>/<snapshotId>.json} in a bucket. New snapshots are put
 * with {@code If-None-Match: *}, so of two writers of one id the second is refused by S3 itself.
 */
public final class S3SnapshotStore extends ObjectSnapshotStore<SdkException> {

    private final S3Client s3;
    private final String bucket;

    public S3SnapshotStore(S3Client s3, String bucket, String prefix) {
        super(prefix, SdkException.class);
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    protected boolean put(String key, Content content, boolean ifAbsent) throws IOException {
        try (SpooledContent spooled = SpooledContent.of(content)) {
            PutObjectRequest.Builder put =
                    PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/json");
            if (ifAbsent) {
                put.ifNoneMatch("*");
            }
            try {
                s3.putObject(put.build(), RequestBody.fromFile(spooled.file()));
                return true;
            } catch (S3Exception e) {
                // 412: the key exists; 409: another conditional write of the same key is in progress. When the SDK
                // retried a put whose first attempt landed, the object that exists is this very content.
                boolean taken = ifAbsent && (e.statusCode() == 412 || e.statusCode() == 409);
                if (!taken) {
                    throw e;
                }
                return holds(key, spooled.md5());
            }
        }
    }

    /** Whether the stored object is exactly the given content: a single-part upload's ETag is its MD5. */
    private boolean holds(String key, String md5) {
        try {
            String etag = s3.headObject(
                            HeadObjectRequest.builder().bucket(bucket).key(key).build())
                    .eTag();
            return etag != null && etag.replace("\"", "").equalsIgnoreCase(md5);
        } catch (SdkException e) {
            return false;
        }
    }

    @Override
    protected InputStream get(String key) {
        try {
            return s3.getObject(
                    GetObjectRequest.builder().bucket(bucket).key(key).build());
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    @Override
    protected boolean contains(String key) {
        try {
            s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            // A HEAD response has no body, so a missing key may come as a bare 404.
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    protected Stream<StoredObject> listObjects(String keyPrefix) {
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(bucket)
                .prefix(keyPrefix)
                .delimiter("/")
                .build();
        return s3.listObjectsV2Paginator(request).contents().stream()
                .map(object -> new StoredObject(object.key(), object.size()));
    }

    @Override
    protected boolean remove(String key) {
        // S3 deletes of missing keys succeed; korb reports a missing snapshot, so look first.
        if (!contains(key)) {
            return false;
        }
        s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
        return true;
    }

    @Override
    protected String root() {
        return "s3://" + bucket + "/";
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    protected String describe(SdkException e) {
        if (e instanceof S3Exception s3Error && s3Error.awsErrorDetails() != null) {
            String code = s3Error.awsErrorDetails().errorCode();
            String hint = switch (code == null ? "" : code) {
                case "NoSuchBucket" -> " (bucket " + bucket + " does not exist: check --s3-bucket and --s3-region)";
                case "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch" ->
                    " (check the AWS credentials: environment, web identity (IRSA) or profile)";
                default -> "";
            };
            return "HTTP " + s3Error.statusCode() + " " + code + ": "
                    + s3Error.awsErrorDetails().errorMessage() + hint;
        }
        if (e instanceof SdkClientException) {
            return e.getMessage() + " (check --s3-endpoint, --s3-region and the AWS credentials)";
        }
        return e.getMessage();
    }
}
