package sh.oso.korb.error;

/**
 * The executor's process exit codes, which Tekton and Argo steps branch on: the one table of them. The
 * {@code --help} footer is generated from it and the README's exit-code table is tested against it; which
 * failures end with which code is said once, by {@link Reason#exitCode()}.
 */
public enum ExitCode {
    SUCCESS(0, "success"),
    FAILED(
            1,
            "operation failed: a Kafka or storage error or timeout, a snapshot not found or corrupted, a group's"
                    + " commit or offset deletion failed, out of memory; a retry may succeed"),
    INVALID_INPUT(
            2,
            "invalid input: a bad or missing option, a snapshot id invalid or taken, a snapshot too large"
                    + " for its store or malformed, a listed group without offsets or not in the snapshot, an unknown topic; nothing"
                    + " was changed"),
    DIFFERENCES(3, "verify --strict or rollback --verify found differences from the snapshot"),
    GROUP_ACTIVE(
            4,
            "refused: a consumer group is active: a listed group has members, or its committed offsets moved since the"
                    + " plan, and nothing was changed; or a consumer joined during the rollback, reset or"
                    + " delete-offsets, and the message names the groups changed and not"),
    REFUSED_BY_POLICY(
            5,
            "refused by a policy: a rollback by a drift policy (offset out of range, topic deleted or recreated,"
                    + " another cluster), a reset by --on-out-of-range=fail or --on-topic-deleted=fail; nothing was"
                    + " changed");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
