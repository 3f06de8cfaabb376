package sh.oso.korb.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.error.SnapshotNotFoundException;
import sh.oso.korb.error.StorageException;
import sh.oso.korb.snapshot.SnapshotId;
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
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The {@code s3} store: the object {@code <prefix>/<snapshotId>.json} in a bucket. New snapshots are put
 * with {@code If-None-Match: *}, so of two writers of one id the second is refused by S3 itself.
 */
public final class S3SnapshotStore implements SnapshotStore {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3SnapshotStore(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    private String keyOf(SnapshotId id) {
        return StoredSnapshots.key(prefix, id.fileName());
    }

    @Override
    public void write(SnapshotId id, Content content, WriteMode mode) {
        try (SpooledContent spooled = SpooledContent.of(content)) {
            PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(keyOf(id))
                    .contentType("application/json");
            if (mode == WriteMode.CREATE) {
                put.ifNoneMatch("*");
            }
            try {
                s3.putObject(put.build(), RequestBody.fromFile(spooled.file()));
            } catch (S3Exception e) {
                // 412: the key exists; 409: another conditional write of the same key is in progress. When the SDK
                // retried a put whose first attempt landed, the object that exists is this very content.
                boolean taken = mode == WriteMode.CREATE && (e.statusCode() == 412 || e.statusCode() == 409);
                if (taken && !holds(id, spooled.md5())) {
                    throw SnapshotExistsException.at(id.value(), locationOf(id));
                }
                if (!taken) {
                    throw e;
                }
            }
        } catch (SdkException e) {
            throw failure("write snapshot '" + id + "' to", id, e);
        } catch (IOException e) {
            throw StoredSnapshots.writeFailure(this, id, e);
        }
    }

    /** Whether the stored object is exactly the given content: a single-part upload's ETag is its MD5. */
    private boolean holds(SnapshotId id, String md5) {
        try {
            String etag = s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(keyOf(id)).build()).eTag();
            return etag != null && etag.replace("\"", "").equalsIgnoreCase(md5);
        } catch (SdkException e) {
            return false;
        }
    }

    @Override
    public <T> T read(SnapshotId id, ContentReader<T> reader) {
        try (InputStream in = s3.getObject(GetObjectRequest.builder().bucket(bucket).key(keyOf(id)).build())) {
            return reader.read(in);
        } catch (NoSuchKeyException e) {
            throw SnapshotNotFoundException.at(id.value(), locationOf(id));
        } catch (SdkException e) {
            throw failure("read snapshot '" + id + "' from", id, e);
        } catch (IOException e) {
            throw StoredSnapshots.readFailure(this, id, e);
        }
    }

    @Override
    public boolean exists(SnapshotId id) {
        try {
            s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(keyOf(id)).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("look up snapshot '" + id + "' in", id, e);
        } catch (SdkException e) {
            throw failure("look up snapshot '" + id + "' in", id, e);
        }
    }

    @Override
    public List<StoredSnapshot> list() {
        List<StoredSnapshot> snapshots = new ArrayList<>();
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket)
                    .prefix(StoredSnapshots.key(prefix, "")).delimiter("/").build();
            for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
                SnapshotId id = StoredSnapshots.idOf(prefix, object.key());
                if (id != null) {
                    snapshots.add(new StoredSnapshot(id, object.size()));
                }
            }
        } catch (SdkException e) {
            throw new StorageException("could not list snapshots in s3://" + bucket + "/" + StoredSnapshots.key(prefix, "")
                    + ": " + describe(e), e);
        }
        snapshots.sort(StoredSnapshots.BY_ID);
        return snapshots;
    }

    @Override
    public void delete(SnapshotId id) {
        // S3 deletes of missing keys succeed; korb reports a missing snapshot, so look first.
        if (!exists(id)) {
            throw SnapshotNotFoundException.at(id.value(), locationOf(id));
        }
        try {
            s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(keyOf(id)).build());
        } catch (SdkException e) {
            throw failure("delete snapshot '" + id + "' from", id, e);
        }
    }

    @Override
    public String locationOf(SnapshotId id) {
        return "s3://" + bucket + "/" + keyOf(id);
    }

    @Override
    public void close() {
        s3.close();
    }

    private StorageException failure(String action, SnapshotId id, SdkException e) {
        return new StorageException("could not " + action + " " + locationOf(id) + ": " + describe(e), e);
    }

    private String describe(SdkException e) {
        if (e instanceof S3Exception s3Error && s3Error.awsErrorDetails() != null) {
            String code = s3Error.awsErrorDetails().errorCode();
            String hint = switch (code == null ? "" : code) {
                case "NoSuchBucket" -> " (bucket " + bucket + " does not exist: check --s3-bucket and --s3-region)";
                case "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch" ->
                        " (check the AWS credentials: environment, web identity (IRSA) or profile)";
                default -> "";
            };
            return "HTTP " + s3Error.statusCode() + " " + code + ": " + s3Error.awsErrorDetails().errorMessage() + hint;
        }
        if (e instanceof SdkClientException) {
            return e.getMessage() + " (check --s3-endpoint, --s3-region and the AWS credentials)";
        }
        return e.getMessage();
    }
}
