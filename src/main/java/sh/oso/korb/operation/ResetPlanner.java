package sh.oso.korb.operation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.kafka.TopicAdmin.TopicInfo;
import sh.oso.korb.snapshot.GroupOffsets;
import sh.oso.korb.snapshot.LogRange;
import sh.oso.korb.snapshot.PartitionOffset;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.TopicState;

/**
 * Plans {@code korb reset}: works out, for every partition in scope, the offset the strategy asks for, then hands
 * these targets to the rollback's planner as if they were a snapshot. So a reset gets every guarantee a rollback
 * has (the same activity check, out-of-range and deleted-topic policies, metadata limit, plan rows) and its rows say
 * which strategy chose each offset. Reads only; throws, having changed nothing, on input that cannot be planned.
 */
public final class ResetPlanner {

    /** The id the targets go by while they are planned; never saved. */
    static final SnapshotId TARGETS = SnapshotId.of("reset-targets");

    private final KafkaAccess kafka;
    private final Clock clock;

    public ResetPlanner(KafkaAccess kafka, Clock clock) {
        this.kafka = kafka;
        this.clock = clock;
    }

    /** What a requested offset is, and why: the decision a commit of it is shown with. */
    private record Choice(PartitionOffset target, Decision decision, String reason) {}

    public RollbackPlan plan(List<String> groups, ResetScope scope, ResetStrategy strategy, DriftPolicy policy) {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> current =
                kafka.groups().committedOffsets(groups);
        Map<TopicPartition, OffsetAndMetadata> source = sourceOffsets(groups, strategy);
        Map<String, List<TopicPartition>> wanted = partitionsInScope(groups, scope, strategy, current, source);

        TreeSet<String> topicNames = new TreeSet<>();
        wanted.values().forEach(partitions -> partitions.forEach(tp -> topicNames.add(tp.topic())));
        Map<String, TopicInfo> topics = kafka.topics().describe(topicNames);
        TreeSet<TopicPartition> existing = new TreeSet<>(GroupOffsets.ORDER);
        wanted.values()
                .forEach(partitions -> partitions.stream()
                        .filter(tp -> topics.containsKey(tp.topic())
                                && tp.partition() < topics.get(tp.topic()).partitionCount())
                        .forEach(existing::add));
        Map<TopicPartition, LogRange> ranges =
                needsRanges(strategy) ? kafka.topics().logRanges(existing) : Map.of();
        Map<TopicPartition, Long> atTime = strategy instanceof ResetStrategy.ToDatetime toDatetime
                ? kafka.topics().offsetsAtOrAfter(timestamps(existing, toDatetime))
                : Map.of();

        long now = clock.millis();
        Map<String, GroupOffsets> targets = new TreeMap<>();
        Map<String, Map<TopicPartition, Choice>> choices = new HashMap<>();
        List<PartitionDecision> skipped = new ArrayList<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = current.getOrDefault(group, Map.of());
            Map<TopicPartition, PartitionOffset> groupTargets = new HashMap<>();
            for (TopicPartition tp : wanted.get(group)) {
                Optional<OffsetAndMetadata> committedNow = Optional.ofNullable(committed.get(tp));
                Optional<Choice> choice = existing.contains(tp)
                        ? choose(group, tp, strategy, committedNow, source, ranges.get(tp), atTime.get(tp), now)
                        // a topic or partition that does not exist: the rollback's drift rules report it
                        : Optional.of(new Choice(placeholder(committedNow, now), Decision.COMMIT, ""));
                if (choice.isEmpty()) {
                    skipped.add(new PartitionDecision(
                            group,
                            tp,
                            Optional.empty(),
                            committedNow,
                            Optional.empty(),
                            Decision.SKIP_NO_OFFSET,
                            Drift.NONE,
                            strategy instanceof ResetStrategy.FromGroup fromGroup
                                    ? fromGroup.source() + " has no committed offset here; left as it is"
                                    : "no committed offset to shift; left as it is"));
                    continue;
                }
                groupTargets.put(tp, choice.get().target());
                choices.computeIfAbsent(group, ignored -> new HashMap<>()).put(tp, choice.get());
            }
            targets.put(group, GroupOffsets.of(groupTargets));
        }
        Map<String, TopicState> states = new TreeMap<>();
        // no topic id and no partition count: the targets are for the topics as they are now, so none counts as
        // recreated, and no partition as added since
        topics.keySet().forEach(topic -> states.put(topic, new TopicState(Optional.empty(), new TreeMap<>())));
        Snapshot asked = Snapshot.create(
                TARGETS,
                clock.instant(),
                kafka.config().bootstrapServers(),
                kafka.topics().clusterId(),
                states,
                targets);
        RollbackPlan planned = new RollbackPlanner(kafka).plan(asked, groups, policy);
        List<PartitionDecision> rows = new ArrayList<>(planned.partitions().size() + skipped.size());
        for (PartitionDecision row : planned.partitions()) {
            Choice choice = choices.getOrDefault(row.group(), Map.of()).get(row.partition());
            rows.add(choice == null ? row : labelled(row, choice));
        }
        rows.addAll(skipped);
        rows.sort(Comparator.comparing(PartitionDecision::group)
                .thenComparing(PartitionDecision::partition, GroupOffsets.ORDER));
        List<String> refusals = rows.stream()
                .filter(row -> row.decision() == Decision.REFUSE)
                .map(row -> row.group() + " " + row.partition() + ": " + row.reason())
                .toList();
        return new RollbackPlan(
                asked, planned.clusterId(), rows, planned.current(), planned.activeGroups(), refusals, false);
    }

    /** A commit row shows the strategy's decision; a clamped or refused one says what the strategy asked for. */
    private static PartitionDecision labelled(PartitionDecision row, Choice choice) {
        if (choice.decision() == Decision.COMMIT) {
            return row;
        }
        Decision decision = row.decision() == Decision.COMMIT ? choice.decision() : row.decision();
        String reason = row.decision() == Decision.COMMIT || row.reason().isEmpty()
                ? choice.reason()
                : choice.reason() + "; " + row.reason();
        return new PartitionDecision(
                row.group(),
                row.partition(),
                row.snapshot(),
                row.current(),
                row.target(),
                decision,
                row.drift(),
                reason,
                row.withoutMetadata());
    }

    private static Optional<Choice> choose(
            String group,
            TopicPartition tp,
            ResetStrategy strategy,
            Optional<OffsetAndMetadata> current,
            Map<TopicPartition, OffsetAndMetadata> source,
            LogRange range,
            Long atTime,
            long now) {
        // Java 17: no pattern matching in switch yet
        if (strategy instanceof ResetStrategy.ToEarliest) {
            return Optional.of(new Choice(
                    at(range.logStartOffset(), current, now), Decision.RESET_TO_EARLIEST, "log start offset"));
        }
        if (strategy instanceof ResetStrategy.ToLatest) {
            return Optional.of(
                    new Choice(at(range.logEndOffset(), current, now), Decision.RESET_TO_LATEST, "log end offset"));
        }
        if (strategy instanceof ResetStrategy.ToDatetime datetime) {
            return Optional.of(
                    atTime != null
                            ? new Choice(
                                    at(atTime, current, now),
                                    Decision.RESET_TO_TIMESTAMP,
                                    "first record at or after " + datetime.time())
                            : new Choice(
                                    at(range.logEndOffset(), current, now),
                                    Decision.LOG_END_NO_RECORD_AFTER,
                                    "no record at or after " + datetime.time() + ": the log end"));
        }
        if (strategy instanceof ResetStrategy.ToOffset offset) {
            return Optional.of(new Choice(at(offset.offset(), current, now), Decision.RESET_TO_OFFSET, "--to-offset"));
        }
        if (strategy instanceof ResetStrategy.ShiftBy shift) {
            return current.map(committed -> new Choice(
                    at(shifted(committed.offset(), shift.shift()), current, now),
                    Decision.SHIFT_BY,
                    "committed " + committed.offset() + (shift.shift() < 0 ? " - " : " + ") + Math.abs(shift.shift())));
        }
        if (strategy instanceof ResetStrategy.FromFile file) {
            return Optional.of(
                    new Choice(at(file.offsets().get(group).get(tp), current, now), Decision.FROM_FILE, file.file()));
        }
        ResetStrategy.FromGroup fromGroup = (ResetStrategy.FromGroup) strategy;
        return Optional.ofNullable(source.get(tp))
                .map(copied -> new Choice(
                        PartitionOffset.captured(copied, now),
                        Decision.FROM_GROUP,
                        "committed by " + fromGroup.source()));
    }

    /**
     * The target as the rollback's planner takes it: the current commit's metadata is kept where the offset does not
     * move (so that such a partition shows as unchanged); a moved offset is committed without metadata, as Kafka's tool
     * does, since metadata describes the position it was committed with.
     */
    private static PartitionOffset at(long offset, Optional<OffsetAndMetadata> current, long now) {
        String metadata = current.filter(committed -> committed.offset() == offset)
                .map(OffsetAndMetadata::metadata)
                .orElse("");
        return new PartitionOffset(offset, metadata, now, Optional.empty());
    }

    private static PartitionOffset placeholder(Optional<OffsetAndMetadata> current, long now) {
        return at(current.map(OffsetAndMetadata::offset).orElse(0L), current, now);
    }

    /** The shifted offset; an overflow saturates, and the out-of-range policy then applies. */
    private static long shifted(long offset, long shift) {
        long sum = offset + shift;
        if (((offset ^ sum) & (shift ^ sum)) < 0) {
            return shift < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    private static boolean needsRanges(ResetStrategy strategy) {
        return strategy instanceof ResetStrategy.ToEarliest
                || strategy instanceof ResetStrategy.ToLatest
                || strategy instanceof ResetStrategy.ToDatetime;
    }

    private static Map<TopicPartition, Long> timestamps(
            Iterable<TopicPartition> partitions, ResetStrategy.ToDatetime strategy) {
        Map<TopicPartition, Long> timestamps = new HashMap<>();
        long millis = strategy.time().toEpochMilli();
        partitions.forEach(tp -> timestamps.put(tp, millis));
        return timestamps;
    }

    /** --from-group: the source's offsets; it must have some and must not be a listed group. */
    private Map<TopicPartition, OffsetAndMetadata> sourceOffsets(List<String> groups, ResetStrategy strategy) {
        if (!(strategy instanceof ResetStrategy.FromGroup fromGroup)) {
            return Map.of();
        }
        if (groups.contains(fromGroup.source())) {
            throw new InvalidInputException("--from-group " + fromGroup.source()
                    + " is also listed in --consumer-groups: a group cannot copy its own offsets; remove it from"
                    + " one of them");
        }
        kafka.groups().requireConsumerGroups(List.of(fromGroup.source()));
        Map<TopicPartition, OffsetAndMetadata> offsets =
                kafka.groups().committedOffsets(List.of(fromGroup.source())).getOrDefault(fromGroup.source(), Map.of());
        if (offsets.isEmpty()) {
            throw new InvalidInputException("--from-group " + fromGroup.source()
                    + " has no committed offsets (check the group id); nothing was changed");
        }
        return offsets;
    }

    /** Every group's partitions in scope, in order; throws, naming what is missing, where there are none to plan. */
    private Map<String, List<TopicPartition>> partitionsInScope(
            List<String> groups,
            ResetScope scope,
            ResetStrategy strategy,
            Map<String, Map<TopicPartition, OffsetAndMetadata>> current,
            Map<TopicPartition, OffsetAndMetadata> source) {
        Map<String, List<TopicPartition>> wanted = new LinkedHashMap<>();
        if (strategy instanceof ResetStrategy.FromFile file) {
            List<String> missing = groups.stream()
                    .filter(group -> !file.offsets().containsKey(group))
                    .toList();
            if (!missing.isEmpty()) {
                throw new InvalidInputException(file.file() + " has no offsets for " + String.join(", ", missing)
                        + ": add them to the file, or remove the group(s) from --consumer-groups; nothing was"
                        + " changed");
            }
            if (scope.listsTopics()) {
                listedPartitions(scope); // an unknown topic or partition is a mistake here too
            }
            groups.forEach(group -> wanted.put(
                    group,
                    sorted(file.offsets().get(group).keySet().stream()
                            .filter(scope::includes)
                            .toList())));
            return wanted;
        }
        if (scope.listsTopics()) {
            List<TopicPartition> listed = listedPartitions(scope);
            groups.forEach(group -> wanted.put(group, listed));
            return wanted;
        }
        if (strategy instanceof ResetStrategy.FromGroup) {
            List<TopicPartition> copied = sorted(source.keySet());
            groups.forEach(group -> wanted.put(group, copied));
            return wanted;
        }
        List<String> withoutOffsets = groups.stream()
                .filter(group -> current.getOrDefault(group, Map.of()).isEmpty())
                .toList();
        if (!withoutOffsets.isEmpty()) {
            throw new InvalidInputException(String.join(", ", withoutOffsets)
                    + (withoutOffsets.size() == 1 ? " has" : " have")
                    + " no committed offsets, so korb cannot tell which partitions to reset: name the topics with"
                    + " --topics (a new group then gets offsets on every partition of them); nothing was changed");
        }
        groups.forEach(group -> wanted.put(group, sorted(current.get(group).keySet())));
        return wanted;
    }

    /** The listed topics' partitions; throws, changing nothing, when a topic or a listed partition does not exist. */
    private List<TopicPartition> listedPartitions(ResetScope scope) {
        Map<String, TopicInfo> topics = kafka.topics().describe(scope.topics().keySet());
        List<String> unknown = scope.topics().keySet().stream()
                .filter(topic -> !topics.containsKey(topic))
                .toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInputException("--topics names " + unknown.size() + " topic(s) the cluster does not have: "
                    + String.join(", ", unknown) + "; check the names; nothing was changed");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        scope.topics().forEach((topic, listed) -> {
            int count = topics.get(topic).partitionCount();
            SortedSet<Integer> chosen = listed.orElseGet(() -> {
                TreeSet<Integer> all = new TreeSet<>();
                for (int partition = 0; partition < count; partition++) {
                    all.add(partition);
                }
                return all;
            });
            if (!chosen.isEmpty() && chosen.last() >= count) {
                throw new InvalidInputException("--topics " + topic + ":" + chosen.last() + ": topic " + topic
                        + " has " + count + " partition(s), numbered 0 to " + (count - 1)
                        + "; nothing was changed");
            }
            chosen.forEach(partition -> partitions.add(new TopicPartition(topic, partition)));
        });
        return partitions;
    }

    private static List<TopicPartition> sorted(java.util.Collection<TopicPartition> partitions) {
        return partitions.stream().sorted(GroupOffsets.ORDER).toList();
    }
}
