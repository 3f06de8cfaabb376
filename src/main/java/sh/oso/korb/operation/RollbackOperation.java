package sh.oso.korb.operation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
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

    /** Told each batch's plan as soon as it is made, to report it, before the plan is dropped. */
    @FunctionalInterface
    public interface PlanListener {
        void planned(RollbackPlan batch);
    }

    /** Told each batch's plan and how its commits ended, to report them, before both are dropped. */
    @FunctionalInterface
    public interface CommitListener {
        void committed(RollbackPlan batch, CommitOutcome outcome);
    }

    private final KafkaAccess kafka;
    private final SnapshotRepository snapshots;
    private final Clock clock;
    private final GroupBatches batches;

    public RollbackOperation(KafkaAccess kafka, SnapshotRepository snapshots, Clock clock) {
        this(kafka, snapshots, clock, GroupBatches.DEFAULT);
    }

    public RollbackOperation(KafkaAccess kafka, SnapshotRepository snapshots, Clock clock, GroupBatches batches) {
        this.kafka = kafka;
        this.snapshots = snapshots;
        this.clock = clock;
        this.batches = batches;
    }

    /**
     * Plans the rollback of {@code groups} to snapshot {@code id} batch by batch, reading the snapshot by streaming,
     * and hands each batch's plan to {@code each}; reads only. {@code exact}: the listed groups' offsets the snapshot
     * has none for are deleted (--exact). Group activity is read once for all groups, before any batch.
     */
    public RollbackSurvey plan(
            SnapshotId id, List<String> groups, DriftPolicy policy, boolean exact, PlanListener each) {
        Snapshot header = snapshots.header(id);
        RollbackPlanner planner = new RollbackPlanner(kafka);
        List<GroupActivity> active = planner.activity(groups);
        RollbackSurvey.Totals totals = new RollbackSurvey.Totals(groups, exact);
        batches.stream(snapshots, id, groups, header, batch -> {
            RollbackPlan plan =
                    planner.planBatch(batch, List.copyOf(batch.groups().keySet()), policy, exact);
            totals.add(plan);
            each.planned(plan);
        });
        return totals.survey(header, () -> kafka.topics().clusterId(), active);
    }

    /**
     * This attempt of the rollback {@code survey} in the run {@code runId}: with a run id, the undo snapshot whose id
     * derives from it is looked up, so that a retry finds the one of its first attempt. Throws, changing nothing, when
     * that id holds anything else (exit 2): it is never overwritten.
     */
    public Attempt attempt(RollbackSurvey survey, Optional<RunId> runId) {
        return new Attempt(
                runId, runId.flatMap(run -> undoOfEarlierAttempt(survey, undoId(survey.snapshotId(), run), run)));
    }

    /**
     * Saves the undo snapshot (streamed, batch by batch), then plans again and commits batch by batch, and says how
     * each group's commit ended. Throws, having changed nothing, when a group is active or its offsets moved since
     * the plan (exit 4), or a policy refuses (exit 5). With a run id the undo snapshot's id is derived from it; a retry
     * whose {@code attempt} found the undo snapshot of its first attempt keeps it (it holds the offsets from before
     * that attempt) and commits what is left. A batch whose offsets moved since the plan, or that a policy refuses
     * now, stops the run there: it and the batches after it are not attempted.
     */
    public RollbackOutcome apply(
            RollbackSurvey survey, DriftPolicy policy, Attempt attempt, Progress progress, CommitListener each) {
        refuseIfBlocked(survey);
        List<String> warnings = new ArrayList<>();
        RollbackHistory history = new RollbackHistory(snapshots, survey.snapshotId(), survey.groups());
        if (attempt.earlierUndo().isPresent()) {
            return continueEarlierAttempt(survey, policy, attempt.earlierUndo().get(), history, warnings, each);
        }
        Optional<Snapshot> unfinished = unfinishedEarlierRun(history, warnings);
        Optional<SnapshotId> earlier = unfinished.map(RollbackHistory::preRollbackOf);
        if (survey.changedGroups().isEmpty()) {
            // every group is at the snapshot: whatever run did it, this rollback is finished
            unfinished.ifPresent(undo -> markFinished(history, undo.id(), warnings));
            return new BatchCommits().outcome(Optional.empty(), earlier, warnings, false);
        }
        UndoOf rollback = UndoOf.started(survey.snapshotId(), survey.groups(), earlier);
        SnapshotId undo = attempt.runId().isPresent()
                ? saveUndoSnapshot(
                        survey,
                        rollback,
                        undoId(survey.snapshotId(), attempt.runId().get()),
                        attempt.runId())
                : saveTimestampedUndoSnapshot(survey, rollback);
        SnapshotId preRollback = earlier.orElse(undo);
        progress.undoSaved(undo, preRollback);
        BatchCommits commits = commitInBatches(survey, policy, each);
        if (commits.allCommitted()) {
            markFinished(history, undo, warnings);
        }
        return commits.outcome(Optional.of(undo), Optional.of(preRollback), warnings, false);
    }

    /**
     * A retry: the undo snapshot its first attempt saved holds the offsets from before that attempt, so it is kept
     * (never replaced by the partly rolled-back offsets) and named, and what is left is committed.
     */
    private RollbackOutcome continueEarlierAttempt(
            RollbackSurvey survey,
            DriftPolicy policy,
            Snapshot undo,
            RollbackHistory history,
            List<String> warnings,
            CommitListener each) {
        BatchCommits commits = new BatchCommits();
        if (!survey.changedGroups().isEmpty()) {
            forEachCurrentBatch(survey, now -> {}); // refuses, changing nothing, when offsets moved since the plan
            commits = commitInBatches(survey, policy, each);
        }
        if (commits.allCommitted() && !undo.undoOf().orElseThrow().finished()) {
            markFinished(history, undo.id(), warnings);
        }
        return commits.outcome(
                Optional.of(undo.id()), Optional.of(RollbackHistory.preRollbackOf(undo)), warnings, true);
    }

    /**
     * Streams the snapshot again and, batch by batch, plans (so the decisions see the cluster as it is now), checks
     * that the offsets did not move since the survey read them and no policy refuses, and commits. The first batch
     * that fails a check, or whose commits stopped early, stops the run: the groups of the batches left are not
     * attempted, with the cause.
     */
    private BatchCommits commitInBatches(RollbackSurvey survey, DriftPolicy policy, CommitListener each) {
        RollbackPlanner planner = new RollbackPlanner(kafka);
        BatchCommits commits = new BatchCommits();
        batches.stream(snapshots, survey.snapshotId(), survey.groups(), survey.header(), batch -> {
            List<String> groups = List.copyOf(batch.groups().keySet());
            if (commits.stopped()) {
                commits.notAttempted(groups, survey);
                return;
            }
            RollbackPlan plan = planner.planBatch(batch, groups, policy, survey.exact());
            List<String> moved = movedSincePlan(plan.current(), survey);
            if (!plan.refusals().isEmpty()) {
                commits.stop("not sent: a policy refuses the rollback now, after the first groups were rolled back ("
                        + refusals(plan) + ")");
            } else if (!moved.isEmpty()) {
                commits.stop("not sent: the committed offsets of " + moved.size() + " group(s) without members moved"
                        + " since the plan read them (" + firstOf(moved, SHOWN_MOVED_GROUPS) + "): stop the consumer"
                        + " that commits without joining the group");
            }
            if (commits.stopped()) {
                commits.notAttempted(groups, survey);
                return;
            }
            CommitOutcome outcome = change(plan);
            commits.add(plan, outcome);
            each.committed(plan, outcome);
        });
        return commits;
    }

    /**
     * The header of the undo snapshot an earlier attempt of this run saved under {@code id}; empty when there is
     * none. Throws, changing nothing, when {@code id} holds anything else: it is never overwritten.
     */
    private Optional<Snapshot> undoOfEarlierAttempt(RollbackSurvey survey, SnapshotId id, RunId runId) {
        if (!snapshots.exists(id)) {
            return Optional.empty();
        }
        String what;
        try {
            Snapshot found = snapshots.header(id);
            if (found.undoOf().isEmpty()) {
                what = "a snapshot that is no undo snapshot";
            } else if (!found.undoOf().get().isOf(survey.snapshotId(), survey.groups())) {
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
    public static void refuseIfBlocked(RollbackSurvey survey) {
        refuseIfActive(survey.activeGroups(), "roll back");
        if (survey.refusalCount() > 0) {
            throw new RollbackRefusedException("refusing to roll back to snapshot '" + survey.snapshotId() + "': "
                    + survey.refusalSummary() + "; nothing was changed");
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
     * Reads the listed groups' committed offsets again, batch by batch, just before changing anything, hands each
     * batch to {@code each}, and refuses (exit 4, nothing changed) when they moved since the plan read them: a group
     * without members whose offsets move has a consumer committing without membership (assign() and manual commits),
     * which would overwrite what the rollback commits.
     */
    private void forEachCurrentBatch(
            RollbackSurvey survey, Consumer<Map<String, Map<TopicPartition, OffsetAndMetadata>>> each) {
        for (List<String> batch : batches.split(survey.groups(), survey.currentSizes())) {
            Map<String, Map<TopicPartition, OffsetAndMetadata>> now =
                    kafka.groups().committedOffsets(batch);
            List<String> moved = movedSincePlan(now, survey);
            if (!moved.isEmpty()) {
                throw new OffsetsMovedSincePlanException("refusing to roll back: the committed offsets of "
                        + moved.size() + " group(s) without members moved since the plan read them: "
                        + firstOf(moved, SHOWN_MOVED_GROUPS) + "; a consumer that commits without joining the group"
                        + " (assign() with manual commits) would overwrite the rolled-back offsets: stop it and run"
                        + " again; nothing was changed");
            }
            each.accept(now);
        }
    }

    /** The groups whose offsets committed {@code now} are not those the survey read. */
    private static List<String> movedSincePlan(
            Map<String, Map<TopicPartition, OffsetAndMetadata>> now, RollbackSurvey survey) {
        List<String> moved = new ArrayList<>();
        now.forEach((group, offsets) -> {
            RollbackSurvey.Current read = survey.current().get(group);
            if (read != null && !read.equals(RollbackSurvey.Current.of(offsets))) {
                moved.add(group);
            }
        });
        return moved;
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

    private static void markFinished(RollbackHistory history, SnapshotId undo, List<String> warnings) {
        try {
            history.markFinished(undo);
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

    /**
     * Saves the listed groups' offsets committed now as the undo snapshot {@code id}, streamed batch by batch, each
     * batch re-read and checked against what the plan read: when offsets moved, nothing is saved or changed.
     */
    private SnapshotId saveUndoSnapshot(RollbackSurvey survey, UndoOf rollback, SnapshotId id, Optional<RunId> runId) {
        SnapshotCapture.Captured captured = new SnapshotCapture(kafka, clock).header(id, survey.currentTopics());
        Snapshot header = captured.snapshot().withUndoOf(rollback).withRunId(runId);
        snapshots.saveStreamed(header, sink -> {
            try {
                forEachCurrentBatch(
                        survey,
                        now -> now.forEach((group, offsets) -> {
                            try {
                                sink.write(group, SnapshotCapture.offsets(offsets, captured.capturedAt(), Map.of()));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        });
        return id;
    }

    /** Without a run id: {@code <id>-undo-<UTC time>}, with {@code -1}, {@code -2}, ... when that is taken. */
    private SnapshotId saveTimestampedUndoSnapshot(RollbackSurvey survey, UndoOf rollback) {
        String prefix = undoPrefix(survey.snapshotId());
        String base = prefix.substring(0, prefix.length() - UNDO_INFIX.length()) + UNDO_SUFFIX.format(clock.instant());
        return saveUnderFreeId(base, id -> saveUndoSnapshot(survey, rollback, id, Optional.empty()));
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
