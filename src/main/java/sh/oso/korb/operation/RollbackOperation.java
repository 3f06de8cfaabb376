package sh.oso.korb.operation;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.error.GroupsActiveException;
import sh.oso.korb.error.KafkaAccessException;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.OffsetsMovedSincePlanException;
import sh.oso.korb.error.RollbackRefusedException;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.kafka.CommitOutcome;
import sh.oso.korb.kafka.GroupActivity;
import sh.oso.korb.kafka.GroupCommit;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.snapshot.RunId;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.UndoOf;
import sh.oso.korb.storage.SnapshotRepository;

/**
 * Puts consumer groups back to a snapshot's offsets. Planning reads everything first, so that a refusal
 * changes nothing; applying first saves the current offsets as an undo snapshot, then commits only what
 * differs (and with --exact deletes the offsets the snapshot has none for), which makes running the same rollback
 * twice harmless and an interrupted one convergent.
 */
public final class RollbackOperation {

    private static final String UNDO_INFIX = "-undo-";
    private static final DateTimeFormatter UNDO_SUFFIX = DateTimeFormatter.ofPattern(
                    "'" + UNDO_INFIX + "'yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int UNDO_SUFFIX_LENGTH = UNDO_INFIX.length() + "yyyyMMddTHHmmssZ".length();
    private static final int UNDO_ID_ATTEMPTS = 10;
    private static final int SHOWN_MOVED_GROUPS = 5;

    /** Told as soon as this attempt saved its undo snapshot, before any commit, so it is reported whatever follows. */
    @FunctionalInterface
    public interface Progress {
        void undoSaved(SnapshotId undo, SnapshotId preRollback);
    }

    /**
     * One attempt of a rollback: its run id, and the header of the undo snapshot an earlier attempt of the same run
     * saved, which this one keeps; the caller reports it before anything else, a refusal included, since an engine
     * keeps only the last attempt's results.
     */
    public record Attempt(Optional<RunId> runId, Optional<Snapshot> earlierUndo) {

        /** The snapshot holding the offsets from before the first attempt, after an earlier attempt. */
        public Optional<SnapshotId> preRollbackSnapshot() {
            return earlierUndo.map(RollbackHistory::preRollbackOf);
        }

        /** Whether the earlier attempt committed everything it planned. */
        public boolean earlierFinished() {
            return earlierUndo.flatMap(Snapshot::undoOf).map(UndoOf::finished).orElse(false);
        }
    }

    private final KafkaAccess kafka;
    private final SnapshotRepository snapshots;
    private final Clock clock;

    public RollbackOperation(KafkaAccess kafka, SnapshotRepository snapshots, Clock clock) {
        this.kafka = kafka;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    public RollbackPlan plan(SnapshotId id, List<String> groups, DriftPolicy policy) {
        return plan(id, groups, policy, false);
    }

    /** The plan; {@code exact}: the listed groups' offsets the snapshot has none for are deleted (--exact). */
    public RollbackPlan plan(SnapshotId id, List<String> groups, DriftPolicy policy, boolean exact) {
        Snapshot snapshot = snapshots.loadGroups(id, groups);
        return new RollbackPlanner(kafka).plan(snapshot, groups, policy, exact);
    }

    /**
     * This attempt of the rollback {@code plan} in the run {@code runId}: with a run id, the undo snapshot whose id
     * derives from it is looked up, so that a retry finds the one of its first attempt. Throws, changing nothing, when
     * that id holds anything else (exit 2): it is never overwritten.
     */
    public Attempt attempt(RollbackPlan plan, Optional<RunId> runId) {
        return new Attempt(
                runId,
                runId.flatMap(
                        run -> undoOfEarlierAttempt(plan, undoId(plan.snapshot().id(), run), run)));
    }

    /**
     * Saves the undo snapshot, then commits, and says how each group's commit ended. Throws, having changed
     * nothing, when a group is active or its offsets moved since the plan (exit 4), or a policy refuses (exit 5).
     * With a run id the undo snapshot's id is derived from it; a retry whose {@code attempt} found the undo snapshot
     * of its first attempt keeps it (it holds the offsets from before that attempt) and commits what is left.
     */
    public RollbackOutcome apply(RollbackPlan plan, Attempt attempt, Progress progress) {
        refuseIfBlocked(plan);
        List<String> warnings = new ArrayList<>();
        RollbackHistory history = new RollbackHistory(
                snapshots, plan.snapshot().id(), plan.current().keySet());
        Map<String, Integer> partitionsByGroup = new HashMap<>();
        plan.changes().forEach(change -> partitionsByGroup.merge(change.group(), 1, Integer::sum));
        Map<String, Integer> deletionsByGroup = new HashMap<>();
        plan.deletions().forEach((group, partitions) -> deletionsByGroup.put(group, partitions.size()));
        if (attempt.earlierUndo().isPresent()) {
            return continueEarlierAttempt(
                    plan, attempt.earlierUndo().get(), history, partitionsByGroup, deletionsByGroup, warnings);
        }
        Optional<Snapshot> unfinished = unfinishedEarlierRun(history, warnings);
        Optional<SnapshotId> earlier = unfinished.map(RollbackHistory::preRollbackOf);
        if (plan.changedGroups().isEmpty()) {
            // every group is at the snapshot: whatever run did it, this rollback is finished
            unfinished.ifPresent(undo -> markFinished(history, () -> snapshots.load(undo.id()), warnings));
            return new RollbackOutcome(
                    Optional.empty(),
                    earlier,
                    new CommitOutcome(new TreeMap<>()),
                    partitionsByGroup,
                    deletionsByGroup,
                    warnings,
                    false);
        }
        refuseIfMovedSincePlan(plan);
        UndoOf rollback = UndoOf.started(plan.snapshot().id(), plan.current().keySet(), earlier);
        Snapshot undo = attempt.runId().isPresent()
                ? saveUndoSnapshot(
                        plan,
                        rollback,
                        undoId(plan.snapshot().id(), attempt.runId().get()),
                        attempt.runId())
                : saveTimestampedUndoSnapshot(plan, rollback);
        SnapshotId preRollback = earlier.orElse(undo.id());
        progress.undoSaved(undo.id(), preRollback);
        CommitOutcome outcome = change(plan);
        if (outcome.allCommitted()) {
            markFinished(history, () -> undo, warnings);
        }
        return new RollbackOutcome(
                Optional.of(undo.id()),
                Optional.of(preRollback),
                outcome,
                partitionsByGroup,
                deletionsByGroup,
                warnings,
                false);
    }

    /**
     * Commits, then deletes the offsets --exact deletes, of the groups whose commit was applied or that had none to
     * make: a group ends committed only when both were applied.
     */
    CommitOutcome change(RollbackPlan plan) {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> commits = plan.commits();
        CommitOutcome committed = commits.isEmpty()
                ? new CommitOutcome(new TreeMap<>())
                : settleUnanswered(
                        kafka.groups().commit(commits),
                        "the commit",
                        (group, now) -> commits.get(group).entrySet().stream()
                                .allMatch(commit -> sameOffset(commit.getValue(), now.get(commit.getKey()))));
        Map<String, Set<TopicPartition>> deletions = new LinkedHashMap<>();
        plan.deletions().forEach((group, partitions) -> {
            GroupCommit commit = committed.groups().get(group);
            if (commit == null || commit.isCommitted()) {
                deletions.put(group, partitions);
            }
        });
        if (deletions.isEmpty()) {
            return committed;
        }
        return committed.with(deleteOffsets(deletions).groups());
    }

    /**
     * Deletes each group's offsets of the partitions given and says how each group ended; a group whose request got
     * no answer is settled by re-reading its offsets. Shared by rollback --exact and delete-offsets.
     */
    CommitOutcome deleteOffsets(Map<String, Set<TopicPartition>> deletions) {
        return settleUnanswered(
                kafka.groups().deleteOffsets(deletions),
                "the deletion",
                (group, now) -> deletions.get(group).stream().noneMatch(now::containsKey));
    }

    /**
     * A retry: the undo snapshot its first attempt saved holds the offsets from before that attempt, so it is kept
     * (never replaced by the partly rolled-back offsets) and named, and what is left is committed.
     */
    private RollbackOutcome continueEarlierAttempt(
            RollbackPlan plan,
            Snapshot undo,
            RollbackHistory history,
            Map<String, Integer> partitionsByGroup,
            Map<String, Integer> deletionsByGroup,
            List<String> warnings) {
        boolean changes = !plan.changedGroups().isEmpty();
        CommitOutcome outcome = new CommitOutcome(new TreeMap<>());
        if (changes) {
            refuseIfMovedSincePlan(plan);
        }
        SnapshotId preRollback = RollbackHistory.preRollbackOf(undo);
        if (changes) {
            outcome = change(plan);
        }
        if (outcome.allCommitted() && !undo.undoOf().orElseThrow().finished()) {
            // the header was read without the offsets: the whole snapshot is read again to be saved again
            markFinished(history, () -> snapshots.load(undo.id()), warnings);
        }
        return new RollbackOutcome(
                Optional.of(undo.id()),
                Optional.of(preRollback),
                outcome,
                partitionsByGroup,
                deletionsByGroup,
                warnings,
                true);
    }

    /**
     * The header of the undo snapshot an earlier attempt of this run saved under {@code id}; empty when there is
     * none. Throws, changing nothing, when {@code id} holds anything else: it is never overwritten.
     */
    private Optional<Snapshot> undoOfEarlierAttempt(RollbackPlan plan, SnapshotId id, RunId runId) {
        if (!snapshots.exists(id)) {
            return Optional.empty();
        }
        String what;
        try {
            Snapshot found = snapshots.loadGroups(id, List.of());
            if (found.undoOf().isEmpty()) {
                what = "a snapshot that is no undo snapshot";
            } else if (!found.undoOf()
                    .get()
                    .isOf(plan.snapshot().id(), plan.current().keySet())) {
                what = "the undo snapshot of a rollback to '"
                        + found.undoOf().get().snapshotId() + "' of "
                        + found.undoOf().get().groups().size() + " group(s), not of this one";
            } else if (!found.runId().equals(Optional.of(runId))) {
                what = "an undo snapshot of this rollback saved by another run";
            } else {
                return Optional.of(found);
            }
        } catch (KorbException e) {
            what = "a snapshot korb cannot read (" + e.getMessage() + ")";
        }
        throw new SnapshotExistsException("refusing to roll back: the undo snapshot id '" + id + "' that --run-id"
                + " gives is taken by " + what + "; pass another --run-id, or delete '" + id + "' if it is a"
                + " leftover; nothing was changed");
    }

    /** Throws when any listed group is active (exit 4) or a policy refuses the plan (exit 5). */
    public static void refuseIfBlocked(RollbackPlan plan) {
        refuseIfActive(plan.activeGroups(), "roll back");
        if (!plan.refusals().isEmpty()) {
            throw new RollbackRefusedException("refusing to roll back to snapshot '"
                    + plan.snapshot().id() + "': " + firstOf(plan.refusals(), 5) + "; nothing was changed");
        }
    }

    /** The policy refusals of a plan, the first few, as one message part. */
    static String refusals(RollbackPlan plan) {
        return firstOf(plan.refusals(), 5);
    }

    /** Throws (exit 4), naming the members, when a listed group has any; {@code refusing}: what korb refuses to do. */
    static void refuseIfActive(List<GroupActivity> active, String refusing) {
        if (!active.isEmpty()) {
            throw new GroupsActiveException("refusing to " + refusing + ": "
                    + active.size()
                    + " consumer group(s) have active members: "
                    + active.stream().map(GroupActivity::describe).collect(Collectors.joining("; "))
                    + "; stop these consumers (scale them to zero) and run again; nothing was changed");
        }
    }

    /**
     * Reads the listed groups' committed offsets again, just before changing anything, and refuses when they moved
     * since the plan read them: a group without members whose offsets move has a consumer committing without
     * membership (assign() and manual commits), which would overwrite what the rollback commits.
     */
    private void refuseIfMovedSincePlan(RollbackPlan plan) {
        refuseIfMovedSincePlan(plan.current(), "roll back", "the rolled-back offsets");
    }

    /**
     * Refuses ({@code refusing}: what korb refuses to do) when the groups' offsets committed now differ from
     * {@code current}, those the plan read; {@code overwritten}: what such a consumer would overwrite.
     */
    void refuseIfMovedSincePlan(
            Map<String, Map<TopicPartition, OffsetAndMetadata>> current, String refusing, String overwritten) {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> now = kafka.groups().committedOffsets(current.keySet());
        List<String> moved = new ArrayList<>();
        current.forEach((group, planned) -> {
            Map<TopicPartition, OffsetAndMetadata> committed = now.getOrDefault(group, Map.of());
            committed.entrySet().stream()
                    .filter(partition -> !partition.getValue().equals(planned.get(partition.getKey())))
                    .findFirst()
                    .ifPresent(partition -> moved.add(group + " (" + partition.getKey() + ": "
                            + Optional.ofNullable(planned.get(partition.getKey()))
                                    .map(offset -> String.valueOf(offset.offset()))
                                    .orElse("none")
                            + " -> " + partition.getValue().offset() + ")"));
        });
        if (!moved.isEmpty()) {
            throw new OffsetsMovedSincePlanException("refusing to " + refusing + ": the committed offsets of "
                    + moved.size() + " group(s) without members moved since the plan read them: "
                    + firstOf(moved, SHOWN_MOVED_GROUPS) + "; a consumer that commits without joining the group"
                    + " (assign() with manual commits) would overwrite " + overwritten + ": stop it and run"
                    + " again; nothing was changed");
        }
    }

    /** Whether a group's request was applied, judged from its offsets committed now. */
    @FunctionalInterface
    private interface Applied {
        boolean test(String group, Map<TopicPartition, OffsetAndMetadata> committedNow);
    }

    /**
     * Re-reads, in one request, the offsets of the groups whose request ({@code noun}: "the commit", "the deletion")
     * got no answer, and settles each as applied or not; when the broker does not answer that either, they stay
     * unknown.
     */
    private CommitOutcome settleUnanswered(CommitOutcome outcome, String noun, Applied applied) {
        List<String> unanswered = outcome.with(GroupCommit.Status.UNKNOWN);
        if (unanswered.isEmpty()) {
            return outcome;
        }
        Map<String, GroupCommit> settled = new LinkedHashMap<>();
        try {
            Map<String, Map<TopicPartition, OffsetAndMetadata>> now =
                    kafka.groups().committedOffsets(unanswered);
            for (String group : unanswered) {
                settled.put(
                        group,
                        applied.test(group, now.getOrDefault(group, Map.of()))
                                ? new GroupCommit(
                                        GroupCommit.Status.COMMITTED,
                                        "no answer, but re-reading shows " + noun + " was applied",
                                        true)
                                : new GroupCommit(
                                        GroupCommit.Status.FAILED,
                                        "no answer, and it was not applied when re-read",
                                        true));
            }
        } catch (KafkaAccessException e) {
            String cause = outcome.groups().get(unanswered.get(0)).cause()
                    + "; re-reading the offsets got no answer either: 'korb verify' will tell";
            unanswered.forEach(group -> settled.put(group, new GroupCommit(GroupCommit.Status.UNKNOWN, cause, true)));
        }
        return outcome.with(settled);
    }

    private static boolean sameOffset(OffsetAndMetadata planned, OffsetAndMetadata committed) {
        return committed != null
                && committed.offset() == planned.offset()
                && Objects.equals(committed.metadata(), planned.metadata());
    }

    private Optional<Snapshot> unfinishedEarlierRun(RollbackHistory history, List<String> warnings) {
        try {
            return history.unfinished(warnings::add);
        } catch (KorbException e) {
            warnings.add("could not look for earlier runs of this rollback in the store: " + e.getMessage());
            return Optional.empty();
        }
    }

    @FunctionalInterface
    private interface UndoSource {
        Snapshot get();
    }

    private static void markFinished(RollbackHistory history, UndoSource undo, List<String> warnings) {
        try {
            history.markFinished(undo.get());
        } catch (KorbException e) {
            warnings.add("could not record in the undo snapshot that this rollback finished: " + e.getMessage()
                    + "; a later run of the same rollback may take it for an unfinished one");
        }
    }

    /** How the ids of a snapshot's undo snapshots start: {@code <id>-undo-}, the id shortened to fit. */
    static String undoPrefix(SnapshotId snapshot) {
        String base = snapshot.value();
        return base.substring(0, Math.min(base.length(), SnapshotId.MAX_LENGTH - UNDO_SUFFIX_LENGTH - 3)) + UNDO_INFIX;
    }

    /**
     * The id of the undo snapshot a rollback to {@code snapshot} saves in the run {@code runId}, the same in its
     * retries: {@code <id>-undo-r<first 12 hex digits of the run id's SHA-256>}, which the history finds by its prefix.
     */
    static SnapshotId undoId(SnapshotId snapshot, RunId runId) {
        return SnapshotId.of(undoPrefix(snapshot) + "r" + runId.digest());
    }

    private Snapshot saveUndoSnapshot(RollbackPlan plan, UndoOf rollback, SnapshotId id, Optional<RunId> runId) {
        Snapshot undo = new SnapshotCapture(kafka, clock)
                .capture(id, plan.current(), false)
                .withUndoOf(rollback)
                .withRunId(runId);
        snapshots.save(undo, false);
        return undo;
    }

    /** Without a run id: {@code <id>-undo-<UTC time>}, with {@code -1}, {@code -2}, ... when that is taken. */
    private Snapshot saveTimestampedUndoSnapshot(RollbackPlan plan, UndoOf rollback) {
        String prefix = undoPrefix(plan.snapshot().id());
        String base = prefix.substring(0, prefix.length() - UNDO_INFIX.length()) + UNDO_SUFFIX.format(clock.instant());
        return saveUnderFreeId(base, id -> saveUndoSnapshot(plan, rollback, id, Optional.empty()));
    }

    /**
     * Saves with {@code save} under {@code base}, or {@code base-1}, {@code base-2}, ... when that id is taken (two
     * runs in the same second): never over another snapshot. Gives up, with the last refusal, after a few ids.
     */
    static <T> T saveUnderFreeId(String base, Function<SnapshotId, T> save) {
        for (int attempt = 0; ; attempt++) {
            try {
                return save.apply(SnapshotId.of(base + (attempt == 0 ? "" : "-" + attempt)));
            } catch (SnapshotExistsException e) {
                if (attempt + 1 >= UNDO_ID_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static String firstOf(List<String> items, int shown) {
        int count = Math.min(shown, items.size());
        return String.join("; ", items.subList(0, count))
                + (count < items.size() ? "; and " + (items.size() - count) + " more" : "");
    }
}
