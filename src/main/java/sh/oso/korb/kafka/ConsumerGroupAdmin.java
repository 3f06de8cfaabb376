package sh.oso.korb.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import sh.oso.korb.error.KafkaAccessException;

/**
 * Consumer-group offset access over one Admin client. Reads are batched (one request covers many
 * groups); commits, which Kafka only accepts per group, run concurrently with a bound on requests
 * in flight. Every call has the configured deadline.
 */
public final class ConsumerGroupAdmin implements AutoCloseable {

    private final Admin admin;
    private final Duration timeout;
    private final int maxInFlight;

    public ConsumerGroupAdmin(Admin admin, KafkaConfig config) {
        this.admin = admin;
        this.timeout = config.timeout();
        this.maxInFlight = config.maxInFlight();
    }

    private int timeoutMs() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    /** The committed offsets of all {@code groups}, fetched in one batched request per coordinator. */
    public Map<String, Map<TopicPartition, OffsetAndMetadata>> committedOffsets(Collection<String> groups) {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> fetched = KafkaCalls.await(
                admin.listConsumerGroupOffsets(specs,
                        new ListConsumerGroupOffsetsOptions().requireStable(true).timeoutMs(timeoutMs())).all(),
                "fetching the committed offsets of " + groups.size() + " group(s)", timeout);
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

    /** Describes all {@code groups} in one request: state and live members. */
    public Map<String, GroupActivity> activity(Collection<String> groups) {
        Map<String, KafkaFuture<ConsumerGroupDescription>> futures = admin.describeConsumerGroups(groups,
                new DescribeConsumerGroupsOptions().timeoutMs(timeoutMs())).describedGroups();
        Map<String, GroupActivity> result = new TreeMap<>();
        for (Map.Entry<String, KafkaFuture<ConsumerGroupDescription>> entry : futures.entrySet()) {
            result.put(entry.getKey(), describe(entry.getKey(), entry.getValue()));
        }
        return result;
    }

    private GroupActivity describe(String group, KafkaFuture<ConsumerGroupDescription> future) {
        try {
            ConsumerGroupDescription description = KafkaCalls.await(future, "describing group " + group, timeout);
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

    public String clusterId() {
        return KafkaCalls.await(admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs())).clusterId(),
                "describing the cluster", timeout);
    }

    /**
     * Commits each group's offsets, at most {@code maxInFlight} groups at a time. Failures are collected
     * per group rather than thrown, so the caller can report exactly which groups were rolled back.
     */
    public CommitOutcome commit(Map<String, Map<TopicPartition, OffsetAndMetadata>> offsetsByGroup) {
        Semaphore inFlight = new Semaphore(maxInFlight);
        Map<String, KafkaFuture<Void>> pending = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Map<TopicPartition, OffsetAndMetadata>> entry : offsetsByGroup.entrySet()) {
                inFlight.acquire();
                KafkaFuture<Void> future = admin.alterConsumerGroupOffsets(entry.getKey(), entry.getValue(),
                        new AlterConsumerGroupOffsetsOptions().timeoutMs(timeoutMs())).all();
                future.whenComplete((ignored, error) -> inFlight.release());
                pending.put(entry.getKey(), future);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaAccessException("interrupted while committing offsets", e);
        }
        return collect(pending);
    }

    private CommitOutcome collect(Map<String, KafkaFuture<Void>> pending) {
        List<String> committed = new ArrayList<>();
        Map<String, String> failed = new TreeMap<>();
        List<String> activeNow = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<Void>> entry : pending.entrySet()) {
            try {
                entry.getValue().get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
                committed.add(entry.getKey());
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                Throwable cause = KafkaCalls.unwrap(e.getCause() != null ? e.getCause() : e);
                if (cause instanceof UnknownMemberIdException || cause instanceof GroupNotEmptyException
                        || cause instanceof RebalanceInProgressException) {
                    activeNow.add(entry.getKey());
                    failed.put(entry.getKey(), "the group has active members now");
                } else {
                    failed.put(entry.getKey(), KafkaCalls.failure("committing offsets", cause, timeout).getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaAccessException("interrupted while committing offsets", e);
            }
        }
        return new CommitOutcome(committed, failed, activeNow);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
