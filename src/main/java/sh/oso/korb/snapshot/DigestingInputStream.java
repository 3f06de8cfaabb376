package sh.oso.korb.snapshot;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes a stream's bytes while a parser reads it, holding back the most recent {@value #TAIL} bytes, so
 * that once the parser finds the digest field near the end, the digest of exactly the bytes before that
 * field can still be computed. The parser reads ahead by far less than the tail.
 */
final class DigestingInputStream extends FilterInputStream {

    static final int TAIL = 64 * 1024;

    private final MessageDigest digest = sha256();
    private final byte[] tail = new byte[TAIL];
    private long read;
    private long hashed;

    DigestingInputStream(InputStream in) {
        super(in);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String format(byte[] sha256) {
        return "sha256:" + HexFormat.of().formatHex(sha256);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            keep(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            keep(buffer, offset, n);
        }
        return n;
    }

    private void keep(byte[] buffer, int offset, int length) {
        int done = 0;
        while (done < length) {
            int chunk = Math.min(TAIL, length - done);
            long overflow = read + chunk - hashed - TAIL;
            if (overflow > 0) {
                hashTail(hashed + overflow);
            }
            int at = (int) (read % TAIL);
            int first = Math.min(chunk, TAIL - at);
            System.arraycopy(buffer, offset + done, tail, at, first);
            System.arraycopy(buffer, offset + done + first, tail, 0, chunk - first);
            read += chunk;
            done += chunk;
        }
    }

    /** Feeds the held bytes up to {@code end} (exclusive) into the digest. */
    private void hashTail(long end) {
        while (hashed < end) {
            int at = (int) (hashed % TAIL);
            int n = (int) Math.min(end - hashed, TAIL - at);
            digest.update(tail, at, n);
            hashed += n;
        }
    }

    /** Whether the byte at {@code position} is still in the tail. */
    boolean holds(long position) {
        return position >= hashed && position < read;
    }

    /** The byte at {@code position}, which must still be in the tail. */
    byte byteAt(long position) {
        if (!holds(position)) {
            throw new IllegalArgumentException("byte " + position + " is no longer held");
        }
        return tail[(int) (position % TAIL)];
    }

    /** The digest of the first {@code length} bytes; the stream's digest is used up by this call. */
    String digestOfFirst(long length) {
        if (length < hashed || length > read) {
            throw new IllegalArgumentException("cannot digest the first " + length + " bytes any more");
        }
        hashTail(length);
        return format(digest.digest());
    }
}
