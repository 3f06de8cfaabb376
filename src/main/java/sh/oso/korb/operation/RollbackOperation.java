package sh.oso.korb.operation;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.error.GroupsActiveException;
import sh.oso.korb.error.RollbackFailedException;
import sh.oso.korb.kafka.CommitOutcome;
import sh.oso.korb.kafka.ConsumerGroupAdmin;
import sh.oso.korb.kafka.GroupActivity;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;

/**
 * Puts consumer groups back to a snapshot's offsets. Planning reads everything first (snapshot, group
 * states, current offsets) so that a refusal changes nothing; applying commits only what differs, which
 * makes running the same rollback twice harmless.
 */
public final class RollbackOperation {

    private final ConsumerGroupAdmin kafka;
    private final SnapshotRepository snapshots;

    public RollbackOperation(ConsumerGroupAdmin kafka, SnapshotRepository snapshots) {
        this.kafka = kafka;
        this.snapshots = snapshots;
    }

    public RollbackPlan plan(SnapshotId id, List<String> groups) {
        Snapshot snapshot = snapshots.loadGroups(id, groups);
        List<GroupActivity> active = kafka.activity(groups).values().stream().filter(GroupActivity::isActive).toList();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> current = kafka.committedOffsets(groups);
        return new RollbackPlan(snapshot, OffsetComparison.compare(snapshot, current), active);
    }

    /** Throws when any group is active (nothing is changed then) or when a group's commit failed. */
    public CommitOutcome apply(RollbackPlan plan) {
        refuseIfActive(plan);
        CommitOutcome outcome = kafka.commit(plan.commits());
        if (!outcome.allCommitted()) {
            String failures = outcome.failed().entrySet().stream()
                    .map(failure -> failure.getKey() + ": " + failure.getValue())
                    .collect(Collectors.joining("; "));
            throw new RollbackFailedException("rollback to snapshot '" + plan.snapshot().id() + "' failed for "
                    + outcome.failed().size() + " of " + plan.commits().size() + " group(s) (" + failures + ")"
                    + (outcome.committed().isEmpty() ? "" : "; rolled back: " + String.join(", ", outcome.committed()))
                    + (outcome.activeNow().isEmpty() ? "" : "; stop the consumers of the failed groups and run it again"));
        }
        return outcome;
    }

    public static void refuseIfActive(RollbackPlan plan) {
        if (!plan.activeGroups().isEmpty()) {
            throw new GroupsActiveException("refusing to roll back: " + plan.activeGroups().size()
                    + " consumer group(s) have active members: "
                    + plan.activeGroups().stream().map(GroupActivity::describe).collect(Collectors.joining("; "))
                    + "; stop these consumers (scale them to zero) and run again; nothing was changed");
        }
    }
}
