package sh.oso.korb.operation;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.error.GroupsActiveException;
import sh.oso.korb.error.RollbackFailedException;
import sh.oso.korb.error.RollbackRefusedException;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.kafka.CommitOutcome;
import sh.oso.korb.kafka.GroupActivity;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;

/**
 * Puts consumer groups back to a snapshot's offsets. Planning reads everything first, so that a refusal
 * changes nothing; applying first saves the current offsets as an undo snapshot, then commits only what
 * differs, which makes running the same rollback twice harmless and an interrupted one convergent.
 */
public final class RollbackOperation {

    private static final DateTimeFormatter UNDO_SUFFIX =
            DateTimeFormatter.ofPattern("'-undo-'yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int UNDO_ID_ATTEMPTS = 10;

    private final KafkaAccess kafka;
    private final SnapshotRepository snapshots;
    private final Clock clock;

    public RollbackOperation(KafkaAccess kafka, SnapshotRepository snapshots, Clock clock) {
        this.kafka = kafka;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    public RollbackPlan plan(SnapshotId id, List<String> groups, DriftPolicy policy) {
        Snapshot snapshot = snapshots.loadGroups(id, groups);
        return new RollbackPlanner(kafka).plan(snapshot, groups, policy);
    }

    /**
     * Saves the undo snapshot, then commits. Throws, having changed nothing, when a group is active (exit 4)
     * or a policy refuses (exit 5); throws naming the groups rolled back and not when commits fail.
     */
    public RollbackOutcome apply(RollbackPlan plan) {
        refuseIfBlocked(plan);
        Map<String, Map<TopicPartition, OffsetAndMetadata>> commits = plan.commits();
        if (commits.isEmpty()) {
            return new RollbackOutcome(Optional.empty());
        }
        SnapshotId undo = saveUndoSnapshot(plan);
        CommitOutcome outcome = kafka.groups().commit(commits);
        if (!outcome.allCommitted()) {
            String failures = outcome.failed().entrySet().stream()
                    .map(failure -> failure.getKey() + ": " + failure.getValue())
                    .collect(Collectors.joining("; "));
            String message = "rollback to snapshot '" + plan.snapshot().id() + "' failed for "
                    + outcome.failed().size() + " of " + commits.size() + " group(s) (" + failures + ")"
                    + "; rolled back: "
                    + (outcome.committed().isEmpty() ? "none" : String.join(", ", outcome.committed()))
                    + "; undo snapshot: " + undo;
            if (outcome.failed().size() == outcome.activeNow().size()) {
                throw new GroupsActiveException(
                        message + "; consumers joined during the rollback: stop them and run it again to finish");
            }
            throw new RollbackFailedException(message + "; run it again to finish");
        }
        return new RollbackOutcome(Optional.of(undo));
    }

    /** Throws when any listed group is active (exit 4) or a policy refuses the plan (exit 5). */
    public static void refuseIfBlocked(RollbackPlan plan) {
        if (!plan.activeGroups().isEmpty()) {
            throw new GroupsActiveException("refusing to roll back: "
                    + plan.activeGroups().size()
                    + " consumer group(s) have active members: "
                    + plan.activeGroups().stream().map(GroupActivity::describe).collect(Collectors.joining("; "))
                    + "; stop these consumers (scale them to zero) and run again; nothing was changed");
        }
        if (!plan.refusals().isEmpty()) {
            int shown = Math.min(5, plan.refusals().size());
            throw new RollbackRefusedException(
                    "refusing to roll back to snapshot '" + plan.snapshot().id() + "': "
                            + String.join("; ", plan.refusals().subList(0, shown))
                            + (shown < plan.refusals().size()
                                    ? "; and " + (plan.refusals().size() - shown) + " more"
                                    : "")
                            + "; nothing was changed");
        }
    }

    private SnapshotId saveUndoSnapshot(RollbackPlan plan) {
        String suffix = UNDO_SUFFIX.format(clock.instant());
        String base = plan.snapshot().id().value();
        base = base.substring(0, Math.min(base.length(), SnapshotId.MAX_LENGTH - suffix.length() - 3));
        SnapshotCapture capture = new SnapshotCapture(kafka, clock);
        for (int attempt = 0; ; attempt++) {
            SnapshotId id = SnapshotId.of(base + suffix + (attempt == 0 ? "" : "-" + attempt));
            try {
                snapshots.save(capture.capture(id, plan.current(), false), false);
                return id;
            } catch (SnapshotExistsException e) {
                if (attempt + 1 >= UNDO_ID_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
