package sh.oso.korb.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Snapshot content written to a temporary file first, for object stores whose uploads need the length up
 * front: memory stays flat however large the snapshot, and a failure while writing uploads nothing.
 */
final class SpooledContent implements AutoCloseable {

    private final Path file;

    private SpooledContent(Path file) {
        this.file = file;
    }

    static SpooledContent of(SnapshotStore.Content content) throws IOException {
        Path file = Files.createTempFile("korb-snapshot-", ".json");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
            content.writeTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new SpooledContent(file);
    }

    Path file() {
        return file;
    }

    /** The MD5 of the content, in hex, as S3 reports it in the ETag of a single-part upload. */
    String md5() throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                md5.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stray temporary file holds no secret and is removed with the pod
        }
    }
}
