package sh.oso.korb.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sh.oso.korb.error.GroupsActiveException;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.RollbackFailedException;
import sh.oso.korb.kafka.GroupCommit;
import sh.oso.korb.kafka.GroupCommit.Status;
import sh.oso.korb.operation.RollbackOperation;
import sh.oso.korb.operation.RollbackOutcome;
import sh.oso.korb.operation.RollbackSurvey;
import sh.oso.korb.snapshot.SnapshotId;

/**
 * What a rollback tells about its outcome: one line for the message result, which keeps the essentials (counts, the
 * first groups of each list, the undo snapshot, what to do) within its budget however many groups there are; and the
 * full lists for stderr, each cause once with one line per group.
 */
final class RollbackReport {

    /** Groups of each list the message names at most. */
    static final int SHOWN_GROUPS = 3;

    private static final int SHOWN_NAME_LENGTH = 60;
    private static final int SHOWN_CAUSE_LENGTH = 160;

    /** The lists of an unfinished rollback, in the order they are told. */
    private record Part(String label, Status status) {}

    private static final List<Part> PARTS = List.of(
            new Part("not rolled back", Status.ACTIVE_NOW),
            new Part("not rolled back", Status.FAILED),
            new Part("uncertain", Status.UNKNOWN),
            new Part("not attempted", Status.NOT_ATTEMPTED),
            new Part("rolled back", Status.COMMITTED));

    private final RollbackSurvey plan;
    private final RollbackOutcome outcome;

    RollbackReport(RollbackSurvey plan, RollbackOutcome outcome) {
        this.plan = plan;
        this.outcome = outcome;
    }

    /**
     * The message of a rollback that committed everything it planned: the fullest that fits, giving up (for ids near
     * their length limit) first the snapshot id, which the results tell, then this run's undo snapshot when an earlier
     * run's holds the offsets from before the rollback.
     */
    String completed() {
        for (boolean compact : List.of(false, true)) {
            String message = completedMessage(compact);
            if (Results.fits(message)) {
                return message;
            }
        }
        return completedMessage(true);
    }

    private String completedMessage(boolean compact) {
        int changes = plan.changes();
        String message = "Rolled back " + KorbSubcommand.plural(plan.groups().size(), "group")
                + (compact ? "" : " to snapshot " + plan.snapshotId()) + ": " + changes + " of "
                + KorbSubcommand.plural(plan.partitions(), "partition") + " changed"
                + (outcome.deletedPartitions() == 0
                        ? ""
                        : " (" + KorbSubcommand.plural(outcome.deletedPartitions(), "offset") + " deleted)")
                + (changes == 0 ? " (already at the snapshot)." : ".");
        if (outcome.continuesAnEarlierRun()) {
            return message + " An earlier run of this rollback did not finish: undo it all with --snapshot-id "
                    + outcome.preRollbackSnapshot().get()
                    + (compact
                            ? "."
                            : outcome.undoSnapshot()
                                    .map(undo -> " (this run's undo snapshot " + undo + " holds the offsets it found).")
                                    .orElse("."));
        }
        return message
                + outcome.undoSnapshot()
                        .map(undo -> " Undo with --snapshot-id " + undo
                                + (outcome.undoByEarlierAttempt() && !compact
                                        ? " (saved by an earlier attempt of this run)."
                                        : "."))
                        .orElse("");
    }

    /**
     * What an earlier attempt of this run did, put before the failure ({@code failure}: its message) that stops a
     * retry, so the message result keeps the way back even when the engine keeps only this attempt's results: the
     * fullest that fits with the whole failure, else only the snapshot to roll back to (the failure is then cut).
     */
    static String byEarlierAttempt(RollbackOperation.Attempt attempt, String failure) {
        SnapshotId undo = attempt.earlierUndo().orElseThrow().id();
        SnapshotId preRollback = attempt.preRollbackSnapshot().orElseThrow();
        String compact = "An earlier attempt of this run (--run-id) "
                + (attempt.earlierFinished() ? "rolled back every group" : "may have rolled back some groups")
                + ": undo it all with --snapshot-id " + preRollback;
        String full = compact
                + (undo.equals(preRollback)
                        ? " (the undo snapshot it saved)."
                        : " (its own undo snapshot " + undo + " holds the offsets it found, after an earlier run"
                                + " that did not finish).");
        return Results.fits(full + " Then " + failure) ? full : compact + ".";
    }

    /**
     * The failure of a rollback that did not commit everything: {@link GroupsActiveException} (exit 4) when
     * consumers joining groups is all that stopped it, else {@link RollbackFailedException}; its message fits the
     * message result, naming as many groups and as much of the cause as the budget allows.
     */
    KorbException failure() {
        boolean onlyJoined = outcome.commits().groups().values().stream()
                .allMatch(group -> group.isCommitted() || group.status() == Status.ACTIVE_NOW);
        String message = fitted();
        return onlyJoined ? new GroupsActiveException(message) : new RollbackFailedException(message);
    }

    /**
     * The fullest message that fits: the cause of failed commits and group names are given up first, then (for
     * ids near their length limit) the snapshot id, the earlier run's undo snapshot and the list of groups
     * rolled back, which the results and the headline's count already tell.
     */
    private String fitted() {
        for (boolean compact : List.of(false, true)) {
            for (boolean withCause : List.of(true, false)) {
                for (int shown = SHOWN_GROUPS; shown >= 0; shown--) {
                    String message = failureMessage(shown, withCause, compact);
                    if (Results.fits(message)) {
                        return message;
                    }
                }
            }
        }
        return failureMessage(0, false, true);
    }

    private String failureMessage(int shown, boolean withCause, boolean compact) {
        List<String> committed = outcome.commits().with(Status.COMMITTED);
        StringBuilder message = new StringBuilder("rollback ")
                .append(compact ? "" : "to snapshot '" + plan.snapshotId() + "' ")
                .append("did not finish: ")
                .append(committed.size())
                .append(" of ")
                .append(outcome.commits().groups().size())
                .append(" groups rolled back (")
                .append(outcome.changedPartitions())
                .append(" of ")
                .append(plan.changes())
                .append(" partitions)");
        for (Part part : PARTS) {
            List<String> groups = outcome.commits().with(part.status());
            if (groups.isEmpty() || (compact && part.status() == Status.COMMITTED)) {
                continue;
            }
            message.append("; ").append(part.label());
            if (part.status() == Status.ACTIVE_NOW) {
                message.append(", consumers joined");
            }
            message.append(": ").append(groups.size()).append(names(groups, shown));
            if (withCause && (part.status() == Status.FAILED || part.status() == Status.NOT_ATTEMPTED)) {
                message.append(" (")
                        .append(shortened(cause(groups.get(0)), SHOWN_CAUSE_LENGTH))
                        .append(")");
            }
        }
        message.append(". Undo snapshot: ")
                .append(outcome.undoSnapshot().map(String::valueOf).orElse("none"));
        if (outcome.continuesAnEarlierRun() && !compact) {
            message.append(" (the offsets from before an earlier run that did not finish are in ")
                    .append(outcome.preRollbackSnapshot().get())
                    .append(")");
        }
        return message.append(". ").append(remedy(compact)).toString();
    }

    /** What to do, for each way a group ended up not rolled back; {@code compact}: in fewer words. */
    private String remedy(boolean compact) {
        List<String> remedies = new ArrayList<>();
        if (!outcome.commits().with(Status.ACTIVE_NOW).isEmpty()) {
            remedies.add("stop the consumers that joined");
        }
        boolean mustFix = outcome.commits().groups().values().stream()
                .anyMatch(group -> group.status() == Status.FAILED && !group.retriable());
        if (mustFix) {
            remedies.add(
                    compact
                            ? "fix the failed commits' cause"
                            : "fix the failed commits' cause (a rerun fails alike until then)");
        }
        if (!outcome.commits().with(Status.UNKNOWN).isEmpty()) {
            remedies.add(
                    compact
                            ? "'korb verify' checks the uncertain"
                            : "'korb verify' tells which uncertain commits were applied");
        }
        String then = compact ? "run it again" : "run it again to finish (groups rolled back get no request)";
        return remedies.isEmpty()
                ? capitalized(then) + "."
                : capitalized(String.join("; ", remedies)) + "; then " + then + ".";
    }

    /** One line per group, under a line for each distinct way groups ended: what stderr gets of an outcome. */
    List<String> groupLines() {
        Map<String, List<String>> byEnd = new LinkedHashMap<>();
        for (Part part : PARTS) {
            outcome.commits().groups().forEach((group, end) -> {
                if (end.status() == part.status()
                        && (!outcome.complete() || !end.cause().isEmpty())) {
                    String heading =
                            capitalized(part.label()) + (end.cause().isEmpty() ? "" : " (" + end.cause() + ")");
                    byEnd.computeIfAbsent(heading, ignored -> new ArrayList<>()).add(group);
                }
            });
        }
        List<String> lines = new ArrayList<>();
        byEnd.forEach((heading, groups) -> {
            lines.add(heading + ": " + KorbSubcommand.plural(groups.size(), "group"));
            groups.forEach(group -> lines.add("  " + group));
        });
        return lines;
    }

    private String cause(String group) {
        GroupCommit end = outcome.commits().groups().get(group);
        return end.cause();
    }

    private static String names(List<String> groups, int shown) {
        if (shown == 0) {
            return "";
        }
        List<String> named = groups.stream()
                .limit(shown)
                .map(group -> shortened(group, SHOWN_NAME_LENGTH))
                .toList();
        return " (" + String.join(", ", named)
                + (groups.size() > named.size() ? " and " + (groups.size() - named.size()) + " more" : "") + ")";
    }

    private static String shortened(String text, int length) {
        if (text.length() <= length) {
            return text;
        }
        int end = length - 3;
        return text.substring(0, Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end) + "...";
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
