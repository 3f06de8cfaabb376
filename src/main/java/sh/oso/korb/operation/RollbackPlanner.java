package sh.oso.korb.operation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.kafka.ConsumerGroupAdmin;
import sh.oso.korb.kafka.GroupActivity;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.kafka.TopicAdmin.TopicInfo;
import sh.oso.korb.snapshot.GroupOffsets;
import sh.oso.korb.snapshot.LogRange;
import sh.oso.korb.snapshot.PartitionOffset;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.TopicState;

/**
 * Looks at the cluster as it is now and decides, partition by partition, what rolling back to a snapshot
 * means. Reads only, in a fixed number of batched requests whatever the number of groups: group states,
 * committed offsets, the cluster id, topic descriptions, log ranges, and when needed one timestamp lookup and the
 * brokers' metadata limit.
 */
public final class RollbackPlanner {

    /** Kafka's default {@code offset.metadata.max.bytes}: assumed when korb may not read the brokers' configuration. */
    static final int DEFAULT_METADATA_LIMIT = 4096;

    private final KafkaAccess kafka;

    public RollbackPlanner(KafkaAccess kafka) {
        this.kafka = kafka;
    }

    /** The full plan of a rollback, with group activity and policy refusals. */
    public RollbackPlan plan(Snapshot snapshot, List<String> groups, DriftPolicy policy) {
        return plan(snapshot, groups, policy, false);
    }

    /**
     * The full plan of a rollback, with group activity and policy refusals; {@code exact}: the offsets the snapshot
     * has none for are deleted.
     */
    public RollbackPlan plan(Snapshot snapshot, List<String> groups, DriftPolicy policy, boolean exact) {
        return decide(snapshot, groups, policy, activity(groups), true, exact);
    }

    /**
     * The listed groups that have live members; refuses groups that are no consumer groups. Read once for a run
     * planned in batches ({@link #planBatch}), before any batch.
     */
    public List<GroupActivity> activity(List<String> groups) {
        List<GroupActivity> active = kafka.groups().activeGroups(groups);
        kafka.groups().requireConsumerGroups(groups);
        return active;
    }

    /** The plan of one batch of a run whose groups' {@link #activity} was read: decisions and policy refusals. */
    public RollbackPlan planBatch(Snapshot batch, List<String> groups, DriftPolicy policy, boolean exact) {
        return decide(batch, groups, policy, List.of(), true, exact);
    }

    /**
     * The decisions alone, for verify: what drifted and how; nothing is refused. {@code exact}: the offsets the
     * snapshot has none for are listed too, as an exact rollback would delete them.
     */
    public RollbackPlan observe(Snapshot snapshot, List<String> groups, boolean exact) {
        return decide(snapshot, groups, DriftPolicy.DEFAULT, List.of(), false, exact);
    }

    /** {@code committing}: whether the decisions will be committed, so the brokers' limits matter. */
    private RollbackPlan decide(
            Snapshot snapshot,
            List<String> groups,
            DriftPolicy policy,
            List<GroupActivity> active,
            boolean committing,
            boolean exact) {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> current =
                kafka.groups().committedOffsets(groups);
        String clusterId = kafka.topics().clusterId();
        Optional<String> otherCluster = snapshot.clusterId().filter(id -> !id.equals(clusterId));
        List<String> refusals = new ArrayList<>();
        if (otherCluster.isPresent() && !policy.allowClusterMismatch()) {
            refusals.add("snapshot '" + snapshot.id() + "' was taken on cluster " + otherCluster.get()
                    + " but this is cluster " + clusterId + ": pass --allow-cluster-mismatch to roll back anyway");
        }
        // Decided as if allowed even when it is not, so a dry run shows what --allow-cluster-mismatch would do.
        boolean clusterChanged = otherCluster.isPresent();

        Set<String> topics = new TreeSet<>();
        snapshot.groups().values().forEach(group -> group.partitions().keySet().forEach(tp -> topics.add(tp.topic())));
        Map<String, TopicInfo> existing = kafka.topics().describe(topics);
        Map<TopicPartition, LogRange> ranges = kafka.topics().logRanges(existingPartitions(snapshot, existing));

        List<DriftDecisions.Facts> facts =
                withTranslations(facts(snapshot, existing, ranges, clusterChanged, current), policy);
        List<PartitionDecision> decisions = facts.stream()
                .map(partition -> DriftDecisions.decide(partition, policy))
                .toList();
        if (committing) {
            decisions = withinMetadataLimit(decisions, policy);
        }
        decisions.stream()
                .filter(decision -> decision.decision() == Decision.REFUSE)
                .forEach(decision ->
                        refusals.add(decision.group() + " " + decision.partition() + ": " + decision.reason()));
        decisions = new ArrayList<>(decisions);
        decisions.addAll(newPartitions(snapshot, existing, current, exact));
        if (exact) {
            decisions.addAll(offsetsNotInSnapshot(snapshot, current, decisions));
        }
        return new RollbackPlan(snapshot, clusterId, decisions, current, active, refusals, exact);
    }

    /**
     * Refuses (or, when the policy says so, strips) commits whose metadata is longer than the brokers accept: the
     * broker would refuse them on every run. The brokers' limit is read only when some commit carries metadata.
     */
    private List<PartitionDecision> withinMetadataLimit(List<PartitionDecision> decisions, DriftPolicy policy) {
        if (decisions.stream()
                .noneMatch(decision ->
                        decision.changes() && !decision.committedMetadata().isEmpty())) {
            return decisions;
        }
        OptionalInt read = kafka.groups().offsetMetadataLimit();
        int limit = read.orElse(DEFAULT_METADATA_LIMIT);
        String setting = read.isPresent()
                ? "the brokers' " + ConsumerGroupAdmin.METADATA_LIMIT_SETTING + " is " + limit
                : "Kafka's default " + ConsumerGroupAdmin.METADATA_LIMIT_SETTING + " is " + limit
                        + " (korb may not read the brokers' configuration, so it assumes the default)";
        return decisions.stream()
                .map(decision -> {
                    int length = decision.committedMetadata().length();
                    if (!decision.changes() || length <= limit) {
                        return decision;
                    }
                    String why = length + " characters of metadata, but " + setting;
                    return policy.onMetadataTooLarge() == DriftPolicy.MetadataTooLarge.DROP
                            ? decision.dropMetadata(why + ": committed without it (--on-metadata-too-large=drop)")
                            : decision.refuse(why + ": the brokers would refuse the commit on every run; pass"
                                    + " --on-metadata-too-large=drop to commit the offset without its metadata");
                })
                .toList();
    }

    private static Collection<TopicPartition> existingPartitions(Snapshot snapshot, Map<String, TopicInfo> existing) {
        Set<TopicPartition> partitions = new HashSet<>();
        snapshot.groups()
                .values()
                .forEach(group -> group.partitions().keySet().stream()
                        .filter(tp -> existing.containsKey(tp.topic())
                                && tp.partition() < existing.get(tp.topic()).partitionCount())
                        .forEach(partitions::add));
        return partitions;
    }

    private static List<DriftDecisions.Facts> facts(
            Snapshot snapshot,
            Map<String, TopicInfo> existing,
            Map<TopicPartition, LogRange> ranges,
            boolean clusterChanged,
            Map<String, Map<TopicPartition, OffsetAndMetadata>> current) {
        List<DriftDecisions.Facts> facts = new ArrayList<>(snapshot.totalPartitions());
        for (Map.Entry<String, GroupOffsets> group : snapshot.groups().entrySet()) {
            Map<TopicPartition, OffsetAndMetadata> committed = current.getOrDefault(group.getKey(), Map.of());
            for (Map.Entry<TopicPartition, PartitionOffset> partition :
                    group.getValue().partitions().entrySet()) {
                TopicPartition tp = partition.getKey();
                Optional<String> recordedTopicId =
                        Optional.ofNullable(snapshot.topics().get(tp.topic())).flatMap(TopicState::topicId);
                facts.add(new DriftDecisions.Facts(
                        group.getKey(),
                        tp,
                        partition.getValue(),
                        recordedTopicId,
                        Optional.ofNullable(existing.get(tp.topic())),
                        Optional.ofNullable(ranges.get(tp)),
                        Optional.empty(),
                        clusterChanged,
                        Optional.ofNullable(committed.get(tp))));
            }
        }
        return facts;
    }

    /**
     * Adds the translated offset to every partition the rules will translate by timestamp, in one batched
     * lookup per round: a request asks one timestamp per partition, so when groups need different timestamps
     * on the same partition the lookup takes more than one round.
     */
    private List<DriftDecisions.Facts> withTranslations(List<DriftDecisions.Facts> facts, DriftPolicy policy) {
        Map<DriftDecisions.Facts, Long> translated = new IdentityHashMap<>();
        List<DriftDecisions.Facts> left =
                facts.stream().filter(fact -> fact.wantsTranslation(policy)).toList();
        while (!left.isEmpty()) {
            Map<TopicPartition, Long> round = new HashMap<>();
            List<DriftDecisions.Facts> asked = new ArrayList<>();
            List<DriftDecisions.Facts> later = new ArrayList<>();
            for (DriftDecisions.Facts fact : left) {
                long timestamp = fact.recorded().recordTimestamp().get();
                Long taken = round.putIfAbsent(fact.partition(), timestamp);
                (taken == null || taken == timestamp ? asked : later).add(fact);
            }
            Map<TopicPartition, Long> found = kafka.topics().offsetsAfter(round);
            asked.stream()
                    .filter(fact -> found.containsKey(fact.partition()))
                    .forEach(fact -> translated.put(fact, found.get(fact.partition())));
            left = later;
        }
        return facts.stream()
                .map(fact -> translated.containsKey(fact) ? fact.withTranslated(translated.get(fact)) : fact)
                .toList();
    }

    /**
     * Partitions added to a snapshot topic since the snapshot: reported, and their offsets left alone; with
     * {@code exact}, an offset committed on one is deleted.
     */
    private static List<PartitionDecision> newPartitions(
            Snapshot snapshot,
            Map<String, TopicInfo> existing,
            Map<String, Map<TopicPartition, OffsetAndMetadata>> current,
            boolean exact) {
        List<PartitionDecision> added = new ArrayList<>();
        for (Map.Entry<String, GroupOffsets> group : snapshot.groups().entrySet()) {
            Set<String> groupTopics = new TreeSet<>();
            group.getValue().partitions().keySet().forEach(tp -> groupTopics.add(tp.topic()));
            for (String topic : groupTopics) {
                TopicState recorded = snapshot.topics().get(topic);
                TopicInfo now = existing.get(topic);
                if (recorded == null
                        || now == null
                        || recorded.partitionCount() == 0
                        || now.partitionCount() <= recorded.partitionCount()) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = current.getOrDefault(group.getKey(), Map.of());
                for (int partition = recorded.partitionCount(); partition < now.partitionCount(); partition++) {
                    TopicPartition tp = new TopicPartition(topic, partition);
                    Optional<OffsetAndMetadata> offset = Optional.ofNullable(committed.get(tp));
                    boolean delete = exact && offset.isPresent();
                    added.add(new PartitionDecision(
                            group.getKey(),
                            tp,
                            Optional.empty(),
                            offset,
                            Optional.empty(),
                            delete ? Decision.DELETE_OFFSET : Decision.LEAVE_NEW_PARTITION,
                            Drift.NEW_PARTITION,
                            delete
                                    ? "partition added since the snapshot, which has no offset here; --exact deletes"
                                            + " the one committed since"
                                    : "partition added since the snapshot; its committed offset is left alone"));
                }
            }
        }
        return added;
    }

    /**
     * With --exact: every offset a listed group has committed where the snapshot has none for it (another partition
     * of a snapshot topic, or a topic the group had not committed to), except those {@code decided} already
     * (partitions added since the snapshot); each is deleted.
     */
    private static List<PartitionDecision> offsetsNotInSnapshot(
            Snapshot snapshot,
            Map<String, Map<TopicPartition, OffsetAndMetadata>> current,
            List<PartitionDecision> decided) {
        Map<String, Set<TopicPartition>> known = new HashMap<>();
        decided.forEach(row ->
                known.computeIfAbsent(row.group(), group -> new HashSet<>()).add(row.partition()));
        List<PartitionDecision> extra = new ArrayList<>();
        for (String group : snapshot.groups().keySet()) {
            Set<TopicPartition> decidedHere = known.getOrDefault(group, Set.of());
            current.getOrDefault(group, Map.of()).entrySet().stream()
                    .filter(committed -> !decidedHere.contains(committed.getKey()))
                    .sorted(Comparator.comparing((Map.Entry<TopicPartition, OffsetAndMetadata> committed) ->
                                    committed.getKey().topic())
                            .thenComparingInt(committed -> committed.getKey().partition()))
                    .forEach(committed -> extra.add(new PartitionDecision(
                            group,
                            committed.getKey(),
                            Optional.empty(),
                            Optional.of(committed.getValue()),
                            Optional.empty(),
                            Decision.DELETE_OFFSET,
                            Drift.NONE,
                            "committed since the snapshot, which has no offset here; --exact deletes it")));
        }
        return extra;
    }
}
