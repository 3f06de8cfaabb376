package sh.oso.korb.operation;

import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.snapshot.PartitionOffset;

/**
 * One line of a rollback plan: a partition of a group, what the snapshot and the cluster say about it, and
 * what the rollback does.
 *
 * @param group     the consumer group
 * @param partition the topic partition
 * @param snapshot  the snapshot's offset; empty for a partition added since the snapshot, and for an offset
 *                  --exact deletes
 * @param current   the offset committed now; empty when there is none
 * @param target    the offset to commit; empty when nothing is committed (an offset --exact deletes included)
 * @param decision  what the rollback does
 * @param drift     how the partition changed since the snapshot
 * @param reason    why, in words, for plans and refusals
 * @param withoutMetadata commit the offset without the snapshot's metadata, which the brokers would refuse
 */
public record PartitionDecision(
        String group,
        TopicPartition partition,
        Optional<PartitionOffset> snapshot,
        Optional<OffsetAndMetadata> current,
        Optional<Long> target,
        Decision decision,
        Drift drift,
        String reason,
        boolean withoutMetadata) {

    public PartitionDecision(
            String group,
            TopicPartition partition,
            Optional<PartitionOffset> snapshot,
            Optional<OffsetAndMetadata> current,
            Optional<Long> target,
            Decision decision,
            Drift drift,
            String reason) {
        this(group, partition, snapshot, current, target, decision, drift, reason, false);
    }

    public Optional<Long> currentOffset() {
        return current.map(OffsetAndMetadata::offset);
    }

    public Optional<Long> snapshotOffset() {
        return snapshot.map(PartitionOffset::offset);
    }

    /**
     * The commit that carries out the decision. The snapshot's leader epoch is kept only when the very
     * offset it belongs to is restored on the very same log.
     */
    public Optional<OffsetAndMetadata> commit() {
        if (target.isEmpty() || snapshot.isEmpty()) {
            return Optional.empty();
        }
        PartitionOffset recorded = snapshot.get();
        OffsetAndMetadata commit = drift == Drift.NONE
                ? recorded.toCommitAt(target.get())
                : new OffsetAndMetadata(target.get(), Optional.empty(), recorded.metadata());
        return Optional.of(withoutMetadata ? new OffsetAndMetadata(commit.offset(), commit.leaderEpoch(), "") : commit);
    }

    /** The metadata the commit carries: the snapshot's, unless it is dropped. */
    public String committedMetadata() {
        return withoutMetadata ? "" : snapshot.map(PartitionOffset::metadata).orElse("");
    }

    /** This decision, committing the offset without its metadata, saying why. */
    public PartitionDecision dropMetadata(String why) {
        return new PartitionDecision(
                group,
                partition,
                snapshot,
                current,
                target,
                decision,
                drift,
                reason.isEmpty() ? why : reason + "; " + why,
                true);
    }

    /** This partition refused, saying why: nothing is committed. */
    public PartitionDecision refuse(String why) {
        return new PartitionDecision(
                group, partition, snapshot, current, Optional.empty(), Decision.REFUSE, drift, why);
    }

    /** True when the decision deletes the committed offset (--exact, on a partition the snapshot has none for). */
    public boolean deletes() {
        return decision == Decision.DELETE_OFFSET && current.isPresent();
    }

    /** True when the decision commits something that differs from what is committed now, or deletes an offset. */
    public boolean changes() {
        if (deletes()) {
            return true;
        }
        // what commit() would build, without building it: plans ask this of every partition several times
        if (target.isEmpty() || snapshot.isEmpty()) {
            return false;
        }
        return current.isEmpty()
                || current.get().offset() != target.get()
                || !current.get().metadata().equals(committedMetadata());
    }

    /** The decision as plans show it: "unchanged" where a commit would change nothing. */
    public String action() {
        if (commit().isPresent() && !changes()) {
            return decision == Decision.COMMIT ? "unchanged" : decision.label() + " (unchanged)";
        }
        return withoutMetadata ? decision.label() + " without metadata" : decision.label();
    }
}
