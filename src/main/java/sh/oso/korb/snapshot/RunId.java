package sh.oso.korb.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import sh.oso.korb.error.InvalidInputException;

/**
 * The identity of one step of a workflow, the same in every retry of that step: a Tekton TaskRun's uid, an Argo
 * workflow's uid and node. korb only compares it and derives names from its digest, so it takes whatever the engine
 * gives (an Argo node name holds loop items, which may hold spaces or any character) and keeps a normalised form, the
 * one a snapshot records and messages show: the value itself when it is printable ASCII without whitespace and at most
 * {@value #MAX_LENGTH} characters, else {@code sha256:} and the 64 hex digits of the SHA-256 of its UTF-8 bytes.
 *
 * @param value the normalised form
 */
public record RunId(String value) {

    /** The longest run id kept as it is: as long as a Kubernetes name or label value with its prefix. */
    public static final int MAX_LENGTH = 253;

    /** The longest run id accepted at all, in characters: far beyond any engine's, a guard against abuse only. */
    public static final int MAX_GIVEN_LENGTH = 64 * 1024;

    /** Hex digits of the run id's SHA-256 in the names derived from it: 48 bits, no collision among one snapshot's. */
    static final int DIGEST_LENGTH = 12;

    /** Refuses what is no normalised form: a snapshot holding one was not written by korb. */
    public RunId {
        if (value == null || !keptAsGiven(value)) {
            throw new InvalidInputException(
                    "a run id is printable ASCII without whitespace, at most " + MAX_LENGTH + " characters");
        }
    }

    /** The run id given on the command line or in {@code KORB_RUN_ID}, normalised; none when absent or blank. */
    public static Optional<RunId> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        if (text.length() > MAX_GIVEN_LENGTH) {
            throw new InvalidInputException("--run-id is " + text.length() + " characters long; at most "
                    + MAX_GIVEN_LENGTH + " are accepted: pass the workflow engine's id of this step");
        }
        return Optional.of(new RunId(keptAsGiven(text) ? text : DigestingInputStream.format(sha256(text))));
    }

    private static boolean keptAsGiven(String text) {
        return !text.isEmpty() && text.length() <= MAX_LENGTH && text.chars().allMatch(c -> c > ' ' && c <= '~');
    }

    /** The first {@value #DIGEST_LENGTH} hex digits of the SHA-256 of the normalised form: a short name, in ids. */
    public String digest() {
        return HexFormat.of().formatHex(sha256(value)).substring(0, DIGEST_LENGTH);
    }

    private static byte[] sha256(String text) {
        return DigestingInputStream.sha256().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return value;
    }
}
