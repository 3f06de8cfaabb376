package sh.oso.korb.operation;

/** What a rollback does with one partition. */
public enum Decision {
    /** Commit the snapshot's offset. */
    COMMIT("commit"),
    /** The snapshot's offset was removed by retention or deleteRecords: commit the log start offset. */
    CLAMP_TO_LOG_START("clamp-to-log-start"),
    /** The snapshot's offset is past the end of the log (data lost, topic truncated): commit the log end. */
    CLAMP_TO_LOG_END("clamp-to-log-end"),
    /** Commit the first offset after the recorded timestamp of the last consumed record. */
    TRANSLATE_BY_TIMESTAMP("translate-by-timestamp"),
    /** Commit the log start offset: a recreated topic (rollback), or reset --to-earliest. */
    RESET_TO_EARLIEST("reset-to-earliest"),
    /** Commit the log end offset: a recreated topic (rollback), or reset --to-latest. */
    RESET_TO_LATEST("reset-to-latest"),
    /** The topic no longer exists: nothing to commit. */
    SKIP_TOPIC_DELETED("skip-topic-deleted"),
    /** The partition no longer exists: nothing to commit. */
    SKIP_PARTITION_GONE("skip-partition-gone"),
    /** A partition added since the snapshot: its committed offset is left as it is. */
    LEAVE_NEW_PARTITION("leave-new-partition"),
    /** With --exact: an offset committed on a partition the snapshot has no offset for; it is deleted. */
    DELETE_OFFSET("delete-offset"),
    /** reset --to-datetime / --by-duration: the first offset whose record timestamp is at or after the time. */
    RESET_TO_TIMESTAMP("reset-to-timestamp"),
    /** reset --to-datetime / --by-duration: no record is at or after the time, so the log end (said, never silent). */
    LOG_END_NO_RECORD_AFTER("log-end-no-record-after"),
    /** reset --to-offset: the given offset. */
    RESET_TO_OFFSET("reset-to-offset"),
    /** reset --shift-by: the committed offset moved by the given amount. */
    SHIFT_BY("shift-by"),
    /** reset --from-file: the offset the file gives. */
    FROM_FILE("from-file"),
    /** reset --from-group: the source group's committed offset. */
    FROM_GROUP("from-group"),
    /** reset: nothing to move from (no committed offset to shift, no source offset to copy); left as it is. */
    SKIP_NO_OFFSET("skip-no-offset"),
    /** A policy forbids this rollback: nothing is changed anywhere. */
    REFUSE("refuse");

    private final String label;

    Decision(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
