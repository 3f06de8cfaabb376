package sh.oso.korb.error;

/** The executor's documented process exit codes; Tekton and Argo steps branch on them. */
public enum ExitCode {
    SUCCESS(0, "success"),
    FAILED(1, "operation failed (Kafka or storage error)"),
    INVALID_INPUT(2, "invalid input"),
    DIFFERENCES(3, "verification found differences under --strict"),
    GROUP_ACTIVE(4, "refused because a consumer group is active"),
    REFUSED_BY_POLICY(5, "rollback refused by a drift policy (out of range, topic recreated or deleted, cluster mismatch)");

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
