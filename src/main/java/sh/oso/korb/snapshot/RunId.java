package sh.oso.korb.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import sh.oso.korb.error.InvalidInputException;

/**
 * The identity of one step of a workflow, the same in every retry of that step: a Tekton TaskRun's uid, an Argo
 * workflow's uid and node. Opaque text from the engine; korb only compares it and derives names from its digest, so it
 * is restricted to what every engine's ids use and any store's key could hold: printable ASCII without whitespace.
 */
public record RunId(String value) {

    /** As long as a Kubernetes name or label value with its prefix; an engine's uid and node name fit many times. */
    public static final int MAX_LENGTH = 253;

    /** Hex digits of the run id's SHA-256 in the names derived from it: 48 bits, no collision among one snapshot's. */
    static final int DIGEST_LENGTH = 12;

    public RunId {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException("--run-id is empty: pass the engine's id of this step, or leave it out");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInputException("--run-id is " + value.length() + " characters long; at most " + MAX_LENGTH
                    + " are allowed: pass the engine's id of this step (e.g. $(context.taskRun.uid))");
        }
        int bad = value.chars().filter(c -> c <= ' ' || c > '~').findFirst().orElse(-1);
        if (bad >= 0) {
            throw new InvalidInputException("--run-id may hold printable ASCII without whitespace only, but holds "
                    + String.format("U+%04X", bad)
                    + ": pass the engine's id of this step (e.g. $(context.taskRun.uid))");
        }
    }

    /** The run id given on the command line or in {@code KORB_RUN_ID}; none when absent or blank. */
    public static Optional<RunId> parse(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(new RunId(text));
    }

    /** The first {@value #DIGEST_LENGTH} hex digits of the SHA-256 of the run id: a short name for it, in ids. */
    public String digest() {
        byte[] sha256 = DigestingInputStream.sha256().digest(value.getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha256).substring(0, DIGEST_LENGTH);
    }

    @Override
    public String toString() {
        return value;
    }
}
