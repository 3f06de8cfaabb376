package sh.oso.korb.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.error.KafkaAccessException;

/**
 * Consumer-group offset access over one Admin client. Reads are batched (one request covers many
 * groups); commits, which Kafka only accepts per group, run concurrently with a bound on requests
 * in flight. Every call has the configured deadline. The caller owns and closes the Admin client.
 */
public final class ConsumerGroupAdmin {

    /** The broker setting that bounds the metadata string of a committed offset. */
    public static final String METADATA_LIMIT_SETTING = "offset.metadata.max.bytes";

    private final Admin admin;
    private final KafkaConfig config;

    /** Every state in which a group can have members; a group in any other state (Empty, Dead) has none. */
    private static final Set<GroupState> STATES_WITH_MEMBERS =
            EnumSet.complementOf(EnumSet.of(GroupState.EMPTY, GroupState.DEAD, GroupState.UNKNOWN));

    public ConsumerGroupAdmin(Admin admin, KafkaConfig config) {
        this.admin = admin;
        this.config = config;
    }

    /** The committed offsets of all {@code groups}, fetched in one batched request per coordinator. */
    public Map<String, Map<TopicPartition, OffsetAndMetadata>> committedOffsets(Collection<String> groups) {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> fetched = KafkaCalls.await(
                admin.listConsumerGroupOffsets(
                                specs,
                                new ListConsumerGroupOffsetsOptions()
                                        .requireStable(true)
                                        .timeoutMs(config.timeoutMs()))
                        .all(),
                "fetching the committed offsets of " + groups.size() + " group(s)",
                config);
        Map<String, Map<TopicPartition, OffsetAndMetadata>> result = new TreeMap<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
            fetched.getOrDefault(group, Map.of()).forEach((tp, committed) -> {
                if (committed != null) {
                    offsets.put(tp, committed);
                }
            });
            result.put(group, offsets);
        }
        return result;
    }

    /**
     * The listed groups that have live members now, and who they are. One ListGroups request per broker asks
     * only for groups in a state that has members; only those of ours are then described, so the usual answer,
     * none, costs no per-group work at all. Brokers older than Kafka 2.6 cannot filter by state: every group
     * is described there.
     */
    public List<GroupActivity> activeGroups(Collection<String> groups) {
        Set<String> listed = new HashSet<>(groups);
        Collection<String> candidates = listGroups(
                        new ListGroupsOptions().inGroupStates(STATES_WITH_MEMBERS),
                        "listing the groups that have members")
                .map(withMembers -> withMembers.stream()
                        .map(GroupListing::groupId)
                        .filter(listed::contains)
                        .toList())
                .orElse(List.copyOf(groups));
        if (candidates.isEmpty()) {
            return List.of();
        }
        Map<String, KafkaFuture<ConsumerGroupDescription>> futures = admin.describeConsumerGroups(
                        candidates, new DescribeConsumerGroupsOptions().timeoutMs(config.timeoutMs()))
                .describedGroups();
        List<GroupActivity> active = new ArrayList<>();
        for (String group : new TreeSet<>(futures.keySet())) {
            GroupActivity activity = describe(group, futures.get(group));
            if (activity.isActive()) {
                active.add(activity);
            }
        }
        return active;
    }

    /**
     * The ids of the cluster's consumer groups, as Kafka's own {@code kafka-consumer-groups.sh --all-groups} lists
     * them: groups of type consumer or classic whose protocol type is "consumer" or "" (a group that only commits
     * offsets, as assign() does); share and streams groups, and classic groups of other protocols (Connect's), are not
     * consumer groups. One ListGroups request per broker. A broker older than Kafka 3.8 cannot filter by type and
     * has only classic groups: there the type filter is dropped.
     */
    public SortedSet<String> consumerGroupIds() {
        String action = "listing the consumer groups";
        Collection<GroupListing> listed = listGroups(consumerGroupListing(), action)
                .orElseGet(() -> KafkaCalls.await(
                        admin.listGroups(new ListGroupsOptions()
                                        .withProtocolTypes(
                                                consumerGroupListing().protocolTypes())
                                        .timeoutMs(config.timeoutMs()))
                                .all(),
                        action,
                        config));
        SortedSet<String> ids = new TreeSet<>();
        listed.forEach(listing -> ids.add(listing.groupId()));
        return ids;
    }

    /** What a consumer group is when the cluster is asked for them: Kafka's own definition, types and protocols. */
    static ListGroupsOptions consumerGroupListing() {
        return ListGroupsOptions.forConsumerGroups();
    }

    /** The groups {@code options} select, or empty when the broker is too old to apply its filter. */
    private Optional<Collection<GroupListing>> listGroups(ListGroupsOptions options, String action) {
        try {
            return Optional.of(KafkaCalls.await(
                    admin.listGroups(options.timeoutMs(config.timeoutMs())).all(), action, config));
        } catch (KafkaAccessException e) {
            if (e.getCause() instanceof UnsupportedVersionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private GroupActivity describe(String group, KafkaFuture<ConsumerGroupDescription> future) {
        try {
            ConsumerGroupDescription description = KafkaCalls.await(future, "describing group " + group, config);
            List<GroupActivity.Member> members = description.members().stream()
                    .map(member -> new GroupActivity.Member(member.clientId(), member.host()))
                    .toList();
            return new GroupActivity(group, description.groupState().toString(), members);
        } catch (KafkaAccessException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return new GroupActivity(group, "Dead", List.of());
            }
            throw e;
        }
    }

    /**
     * Refuses share and streams groups by name: their offsets are not consumer-group offsets, and a snapshot
     * of them would silently capture nothing. One request per broker, listing only those group types.
     */
    public void requireConsumerGroups(Collection<String> groups) {
        // a broker too old to filter by type (before Kafka 3.8) predates share and streams groups
        Collection<GroupListing> others = listGroups(
                        new ListGroupsOptions().withTypes(Set.of(GroupType.SHARE, GroupType.STREAMS)),
                        "listing share and streams groups")
                .orElse(List.of());
        List<String> wrongType = others.stream()
                .filter(listing -> groups.contains(listing.groupId()))
                .map(listing -> listing.groupId() + " is a "
                        + listing.type()
                                .map(Object::toString)
                                .orElse("non-consumer")
                                .toLowerCase(Locale.ROOT) + " group")
                .sorted()
                .toList();
        if (!wrongType.isEmpty()) {
            throw new InvalidInputException(String.join(", ", wrongType)
                    + ", not a consumer group: korb snapshots and rolls back consumer-group offsets only;"
                    + " remove it from --consumer-groups");
        }
    }

    /**
     * The longest commit metadata every broker accepts, in characters (the brokers compare the string's length with
     * {@value #METADATA_LIMIT_SETTING}); empty when korb may not read the brokers' configuration (DescribeConfigs on
     * the cluster is not granted). One request for the brokers and one per broker for their configuration.
     */
    public OptionalInt offsetMetadataLimit() {
        try {
            Collection<Node> brokers = KafkaCalls.await(
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(config.timeoutMs()))
                            .nodes(),
                    "listing the brokers",
                    config);
            List<ConfigResource> resources = brokers.stream()
                    .map(broker -> new ConfigResource(ConfigResource.Type.BROKER, broker.idString()))
                    .toList();
            Map<ConfigResource, Config> configs = KafkaCalls.await(
                    admin.describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(config.timeoutMs()))
                            .all(),
                    "reading the brokers' " + METADATA_LIMIT_SETTING,
                    config);
            return configs.values().stream()
                    .map(brokerConfig -> brokerConfig.get(METADATA_LIMIT_SETTING))
                    .filter(entry -> entry != null && entry.value() != null)
                    .mapToInt(entry -> Integer.parseInt(entry.value()))
                    .min();
        } catch (KafkaAccessException e) {
            if (e.getCause() instanceof AuthorizationException) {
                return OptionalInt.empty();
            }
            throw e;
        }
    }

    /**
     * Commits each group's offsets, at most {@code config.parallelism()} groups at a time, and says how each ended;
     * bounded in time when the cluster stops answering ({@link CommitPhase}).
     */
    public CommitOutcome commit(Map<String, Map<TopicPartition, OffsetAndMetadata>> offsetsByGroup) {
        return CommitPhase.commits(admin, config, offsetsByGroup).run();
    }

    /**
     * Deletes each group's committed offsets of the partitions given, one request per group as Kafka takes them,
     * bounded as {@link #commit} is. The broker refuses, for a group with members now, the partitions of topics they
     * subscribe to: that group ends {@link GroupCommit.Status#ACTIVE_NOW}.
     */
    public CommitOutcome deleteOffsets(Map<String, Set<TopicPartition>> partitionsByGroup) {
        return CommitPhase.deletions(admin, config, partitionsByGroup).run();
    }
}
