package sh.oso.korb.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import sh.oso.korb.error.ExitCode;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.StorageException;
import sh.oso.korb.snapshot.ControlCharacters;
import sh.oso.korb.snapshot.SnapshotSummary;

/**
 * The result files of {@code --results-dir}: one small file per result, named as the Tekton Tasks and
 * Argo templates declare them, holding the value with no trailing newline; and the same results as one JSON
 * object in the file of {@code --termination-message-path} (see {@link TerminationMessage}).
 */
final class Results {

    static final String SNAPSHOT_ID = "snapshot-id";
    static final String GROUPS = "groups";
    static final String TOTAL_PARTITIONS = "total-partitions";
    static final String TIMESTAMP = "timestamp";
    static final String MATCHED = "matched";
    static final String DIFFERENCES = "differences";
    static final String CHANGED_PARTITIONS = "changed-partitions";
    static final String DECISIONS = "decisions";
    static final String UNDO_SNAPSHOT_ID = "undo-snapshot-id";
    static final String PRE_ROLLBACK_SNAPSHOT_ID = "pre-rollback-snapshot-id";
    static final String GROUP_RESULTS = "group-results";
    static final String GROUPS_RESET = "groups-reset";
    static final String PHASE = "phase";
    static final String MESSAGE = "message";
    static final String REASON = "reason";
    static final String EXIT_CODE = "exit-code";

    /**
     * Bytes of the message result, as Tekton's termination message counts them: long enough for any of korb's own
     * messages; an error naming thousands of groups is cut, never the budget.
     */
    static final int MESSAGE_LIMIT = 600;

    static final String COMPLETED = "Completed";
    static final String FAILED = "Failed";

    private final Optional<Path> directory;
    private final Optional<TerminationMessage> terminationMessage;

    /** Results to the directory and the termination message file; either may be null: not written. */
    Results(Path directory, Path terminationMessage) {
        this.directory = Optional.ofNullable(directory);
        this.terminationMessage = Optional.ofNullable(terminationMessage).map(TerminationMessage::new);
    }

    /**
     * The results of a command line picocli refused before it had read {@code --results-dir} and
     * {@code --termination-message-path}: where they go is looked up on the line and in the environment.
     */
    static Results of(String[] args, Map<String, String> environment) {
        return new Results(
                ResultsDirectory.of(args, environment, OutputOptions.RESULTS_DIR)
                        .orElse(null),
                ResultsDirectory.of(args, environment, OutputOptions.TERMINATION_MESSAGE_PATH)
                        .orElse(null));
    }

    Results put(String name, Object value) {
        if (directory.isPresent()) {
            try {
                Files.createDirectories(directory.get());
                Files.writeString(directory.get().resolve(name), String.valueOf(value), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new StorageException("could not write result '" + name + "' to " + directory.get() + ": " + e, e);
            }
        }
        terminationMessage.ifPresent(message -> message.put(name, String.valueOf(value)));
        return this;
    }

    Results summary(SnapshotSummary summary) {
        return put(SNAPSHOT_ID, summary.id().value())
                .put(GROUPS, summary.groups())
                .put(TOTAL_PARTITIONS, summary.totalPartitions())
                .put(TIMESTAMP, summary.timestamp().toString());
    }

    void completed(Outcome outcome) {
        put(PHASE, COMPLETED)
                .put(REASON, outcome.reason().reasonName())
                .put(EXIT_CODE, ExitCode.SUCCESS.code())
                .put(MESSAGE, bounded(outcome.message()));
    }

    /**
     * The message with its control characters escaped (group names come from the cluster), cut to
     * {@link #MESSAGE_LIMIT} bytes as Tekton's termination message counts them.
     */
    static String bounded(String text) {
        String message = ControlCharacters.escape(text);
        if (fitsEscaped(message)) {
            return message;
        }
        int budget = MESSAGE_LIMIT - "...".length();
        int used = 0;
        int end = 0;
        while (end < message.length()) {
            int next = end + Character.charCount(message.codePointAt(end));
            int bytes = JsonOutput.terminationBytes(message.subSequence(end, next));
            if (used + bytes > budget) {
                break;
            }
            used += bytes;
            end = next;
        }
        return message.substring(0, end) + "...";
    }

    /** Whether a message is kept whole in the message result, its control characters escaped as they will be. */
    static boolean fits(String text) {
        return fitsEscaped(ControlCharacters.escape(text));
    }

    private static boolean fitsEscaped(String message) {
        return JsonOutput.terminationBytes(message) <= MESSAGE_LIMIT;
    }

    /** Records a failure; never masks the original error if the results directory itself is broken. */
    void failed(KorbException error) {
        try {
            put(PHASE, FAILED)
                    .put(REASON, error.reason().reasonName())
                    .put(EXIT_CODE, error.exitCode().code())
                    .put(MESSAGE, bounded(error.resultMessage()));
        } catch (StorageException ignored) {
            // the original error is what the user needs to see
        }
    }
}
