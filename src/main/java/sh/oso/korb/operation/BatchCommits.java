package sh.oso.korb.operation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import sh.oso.korb.kafka.CommitOutcome;
import sh.oso.korb.kafka.GroupCommit;
import sh.oso.korb.snapshot.SnapshotId;

/**
 * How the commits of a rollback's batches ended, added up batch by batch: per group only its end and its counts, so
 * that a run over many groups holds little. Once a batch stops the run, the groups of the batches left are not
 * attempted, with its cause.
 */
final class BatchCommits {

    private final SortedMap<String, GroupCommit> ends = new TreeMap<>();
    private final Map<String, Integer> partitionsByGroup = new HashMap<>();
    private final Map<String, Integer> deletionsByGroup = new HashMap<>();
    private Optional<String> stoppedBy = Optional.empty();

    void add(RollbackPlan batch, CommitOutcome outcome) {
        ends.putAll(outcome.groups());
        batch.changes().forEach(change -> partitionsByGroup.merge(change.group(), 1, Integer::sum));
        batch.deletions().forEach((group, partitions) -> deletionsByGroup.put(group, partitions.size()));
        // a commit phase that stopped early (it gave up sending) stops the batches after it too
        outcome.groups().values().stream()
                .filter(end -> end.status() == GroupCommit.Status.NOT_ATTEMPTED)
                .findFirst()
                .ifPresent(end -> stop(end.cause()));
    }

    void stop(String cause) {
        if (stoppedBy.isEmpty()) {
            stoppedBy = Optional.of(cause);
        }
    }

    boolean stopped() {
        return stoppedBy.isPresent();
    }

    /** The groups of a batch left out because the run stopped: those the survey found a change for. */
    void notAttempted(List<String> groups, RollbackSurvey survey) {
        groups.stream()
                .filter(survey.changedGroups()::contains)
                .forEach(group -> ends.put(
                        group, new GroupCommit(GroupCommit.Status.NOT_ATTEMPTED, stoppedBy.orElseThrow(), true)));
    }

    boolean allCommitted() {
        return ends.values().stream().allMatch(GroupCommit::isCommitted);
    }

    RollbackOutcome outcome(
            Optional<SnapshotId> undo, Optional<SnapshotId> preRollback, List<String> warnings, boolean byEarlier) {
        return new RollbackOutcome(
                undo, preRollback, new CommitOutcome(ends), partitionsByGroup, deletionsByGroup, warnings, byEarlier);
    }
}
