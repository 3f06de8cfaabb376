package sh.oso.korb.error;

/**
 * The JVM ran out of heap: a run holds every partition offset of the listed groups in memory while it plans,
 * so the fix is fewer groups per run or more memory, and the message says so in one line.
 */
public class OutOfMemoryException extends KorbException {

    private static final long MIB = 1024 * 1024;

    private OutOfMemoryException(String message, OutOfMemoryError cause) {
        super(Reason.OUT_OF_MEMORY, message, cause);
    }

    public static OutOfMemoryException during(String action, OutOfMemoryError cause) {
        return new OutOfMemoryException(
                "out of memory while " + action + " (heap limit "
                        + Runtime.getRuntime().maxMemory() / MIB
                        + " MiB): a rollback or verify holds every partition offset"
                        + " of the listed groups in memory, and 1,000,000 of them need a heap of about 512 MiB; list fewer"
                        + " groups per run, or raise the memory limit (the pod's, or JAVA_OPTS=-Xmx...)",
                cause);
    }
}
