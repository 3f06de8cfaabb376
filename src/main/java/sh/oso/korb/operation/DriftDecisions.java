package sh.oso.korb.operation;

import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.kafka.TopicAdmin.TopicInfo;
import sh.oso.korb.snapshot.LogRange;
import sh.oso.korb.snapshot.PartitionOffset;

/**
 * Decides, for one partition of a snapshot, what a rollback does given how the cluster looks now. Pure:
 * every fact is passed in, so each rule is testable on its own and the same rules serve rollback and verify.
 */
final class DriftDecisions {

    /**
     * The facts about one snapshot partition.
     *
     * @param group            the consumer group
     * @param partition        the topic partition
     * @param recorded         the snapshot's offset
     * @param recordedTopicId  the topic id at snapshot time, when recorded
     * @param topic            the topic now; empty when it no longer exists
     * @param range            the partition's log range now; empty when the partition does not exist
     * @param translated       the first offset after the recorded record timestamp, when looked up and found
     * @param clusterChanged   the snapshot was taken on another cluster (and that is allowed)
     * @param current          the offset committed now
     */
    record Facts(
            String group,
            TopicPartition partition,
            PartitionOffset recorded,
            Optional<String> recordedTopicId,
            Optional<TopicInfo> topic,
            Optional<LogRange> range,
            Optional<Long> translated,
            boolean clusterChanged,
            Optional<OffsetAndMetadata> current) {

        Facts withTranslated(long offset) {
            return new Facts(
                    group,
                    partition,
                    recorded,
                    recordedTopicId,
                    topic,
                    range,
                    Optional.of(offset),
                    clusterChanged,
                    current);
        }

        boolean recreated() {
            return recordedTopicId.isPresent()
                    && topic.isPresent()
                    && !recordedTopicId.get().equals(topic.get().topicId());
        }

        /** Whether the rules will translate this partition by timestamp, so the lookup can be batched first. */
        boolean wantsTranslation(DriftPolicy policy) {
            // Only partitions that exist now (they have a log range) can be looked up.
            return recorded.recordTimestamp().isPresent()
                    && range.isPresent()
                    && (clusterChanged
                            || recreated() && policy.onTopicRecreated() == DriftPolicy.TopicRecreated.TIMESTAMP);
        }
    }

    private DriftDecisions() {}

    static PartitionDecision decide(Facts facts, DriftPolicy policy) {
        String topic = facts.partition().topic();
        if (facts.topic().isEmpty()) {
            return policy.onTopicDeleted() == DriftPolicy.TopicDeleted.SKIP
                    ? none(
                            facts,
                            Decision.SKIP_TOPIC_DELETED,
                            Drift.TOPIC_DELETED,
                            "topic " + topic + " no longer exists")
                    : none(
                            facts,
                            Decision.REFUSE,
                            Drift.TOPIC_DELETED,
                            "topic " + topic + " no longer exists (--on-topic-deleted=fail)");
        }
        if (facts.range().isEmpty()
                || facts.partition().partition() >= facts.topic().get().partitionCount()) {
            return none(
                    facts,
                    Decision.SKIP_PARTITION_GONE,
                    Drift.PARTITION_GONE,
                    "partition "
                            + facts.partition() + " no longer exists (the topic has "
                            + facts.topic().get().partitionCount() + " partitions)");
        }
        LogRange range = facts.range().get();
        if (facts.clusterChanged() && facts.recorded().recordTimestamp().isPresent()) {
            return translate(facts, Drift.CLUSTER_CHANGED, range);
        }
        if (facts.recreated() || facts.clusterChanged()) {
            Drift drift = facts.clusterChanged() ? Drift.CLUSTER_CHANGED : Drift.TOPIC_RECREATED;
            String why = facts.clusterChanged()
                    ? "the snapshot is from another cluster"
                    : "topic " + topic + " was recreated (topic id "
                            + facts.recordedTopicId().get() + ", now "
                            + facts.topic().get().topicId() + ")";
            if (facts.recreated()) {
                switch (policy.onTopicRecreated()) {
                    case FAIL:
                        return none(
                                facts,
                                Decision.REFUSE,
                                drift,
                                why + ": choose --on-topic-recreated=timestamp, earliest or latest");
                    case TIMESTAMP:
                        return facts.recorded().recordTimestamp().isPresent()
                                ? translate(facts, drift, range)
                                : none(
                                        facts,
                                        Decision.REFUSE,
                                        drift,
                                        why + " and the snapshot has no record timestamp"
                                                + " to translate by (take snapshots with --record-timestamps, or choose"
                                                + " --on-topic-recreated=earliest or latest)");
                    case EARLIEST:
                        return to(facts, Decision.RESET_TO_EARLIEST, drift, range.logStartOffset(), why);
                    case LATEST:
                        return to(facts, Decision.RESET_TO_LATEST, drift, range.logEndOffset(), why);
                    default:
                        throw new IllegalStateException("unknown policy " + policy.onTopicRecreated());
                }
            }
        }
        Drift sameLog = facts.clusterChanged() ? Drift.CLUSTER_CHANGED : Drift.NONE;
        long offset = facts.recorded().offset();
        if (offset < range.logStartOffset()) {
            String why = "offset " + offset + " is below the log start offset " + range.logStartOffset()
                    + " (removed by retention or deleteRecords)";
            return policy.onOutOfRange() == DriftPolicy.OutOfRange.CLAMP
                    ? to(facts, Decision.CLAMP_TO_LOG_START, Drift.BELOW_LOG_START, range.logStartOffset(), why)
                    : none(facts, Decision.REFUSE, Drift.BELOW_LOG_START, why + " (--on-out-of-range=fail)");
        }
        if (offset > range.logEndOffset()) {
            String why = "offset " + offset + " is past the log end offset " + range.logEndOffset();
            return policy.onOutOfRange() == DriftPolicy.OutOfRange.CLAMP
                    ? to(facts, Decision.CLAMP_TO_LOG_END, Drift.ABOVE_LOG_END, range.logEndOffset(), why)
                    : none(facts, Decision.REFUSE, Drift.ABOVE_LOG_END, why + " (--on-out-of-range=fail)");
        }
        return to(facts, Decision.COMMIT, sameLog, offset, "");
    }

    private static PartitionDecision translate(Facts facts, Drift drift, LogRange range) {
        long timestamp = facts.recorded().recordTimestamp().get();
        long target = facts.translated().orElse(range.logEndOffset());
        return to(
                facts,
                Decision.TRANSLATE_BY_TIMESTAMP,
                drift,
                target,
                "first record after " + timestamp + (facts.translated().isPresent() ? "" : ": none, so the log end"));
    }

    private static PartitionDecision to(Facts facts, Decision decision, Drift drift, long target, String reason) {
        return new PartitionDecision(
                facts.group(),
                facts.partition(),
                Optional.of(facts.recorded()),
                facts.current(),
                Optional.of(target),
                decision,
                drift,
                reason);
    }

    private static PartitionDecision none(Facts facts, Decision decision, Drift drift, String reason) {
        return new PartitionDecision(
                facts.group(),
                facts.partition(),
                Optional.of(facts.recorded()),
                facts.current(),
                Optional.empty(),
                decision,
                drift,
                reason);
    }
}
