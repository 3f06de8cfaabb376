package sh.oso.korb.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.DeleteConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.DeleteConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.kafka.DefaultKafkaClientFactory;
import sh.oso.korb.kafka.KafkaClientFactory;
import sh.oso.korb.kafka.KafkaConfig;

/**
 * Real Kafka clients that let a test act at a chosen moment of korb's run: just before korb commits a group's
 * offsets (e.g. right after the undo snapshot, which comes just before the first commit), before it deletes a
 * group's offsets, or before its n-th read of committed offsets. The requests themselves go to the real broker
 * unchanged.
 */
public final class HookedClients implements KafkaClientFactory {

    /** What to do before korb sends its {@code call}-th commit (counted from 1), for {@code group}. */
    @FunctionalInterface
    public interface CommitHook {
        void beforeCommit(String group, int call) throws Exception;
    }

    /** What to do before korb sends its request to delete {@code group}'s offsets (rollback --exact). */
    @FunctionalInterface
    public interface DeleteHook {
        void beforeDelete(String group) throws Exception;
    }

    /** What to do before korb sends its {@code call}-th offset fetch (counted from 1). */
    @FunctionalInterface
    public interface FetchHook {
        void beforeFetch(int call) throws Exception;
    }

    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicInteger fetches = new AtomicInteger();
    private CommitHook commitHook = (group, call) -> {};
    private FetchHook fetchHook = call -> {};
    private DeleteHook deleteHook = group -> {};

    public HookedClients beforeCommit(CommitHook hook) {
        this.commitHook = hook;
        return this;
    }

    public HookedClients beforeDelete(DeleteHook hook) {
        this.deleteHook = hook;
        return this;
    }

    public HookedClients beforeFetch(FetchHook hook) {
        this.fetchHook = hook;
        return this;
    }

    /** How many commit requests korb has sent so far. */
    public int commits() {
        return commits.get();
    }

    @Override
    public Admin admin(KafkaConfig config) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Math.min(config.timeoutMs(), 30_000));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, config.timeoutMs());
        return new ForwardingAdmin(props) {
            @Override
            public AlterConsumerGroupOffsetsResult alterConsumerGroupOffsets(
                    String groupId,
                    Map<TopicPartition, OffsetAndMetadata> offsets,
                    AlterConsumerGroupOffsetsOptions options) {
                run(() -> commitHook.beforeCommit(groupId, commits.incrementAndGet()));
                return super.alterConsumerGroupOffsets(groupId, offsets, options);
            }

            @Override
            public DeleteConsumerGroupOffsetsResult deleteConsumerGroupOffsets(
                    String groupId, Set<TopicPartition> partitions, DeleteConsumerGroupOffsetsOptions options) {
                run(() -> deleteHook.beforeDelete(groupId));
                return super.deleteConsumerGroupOffsets(groupId, partitions, options);
            }

            @Override
            public ListConsumerGroupOffsetsResult listConsumerGroupOffsets(
                    Map<String, ListConsumerGroupOffsetsSpec> groupSpecs, ListConsumerGroupOffsetsOptions options) {
                run(() -> fetchHook.beforeFetch(fetches.incrementAndGet()));
                return super.listConsumerGroupOffsets(groupSpecs, options);
            }
        };
    }

    @Override
    public Consumer<byte[], byte[]> readOnlyConsumer(KafkaConfig config) {
        return new DefaultKafkaClientFactory().readOnlyConsumer(config);
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    private static void run(Action action) {
        try {
            action.run();
        } catch (Exception e) {
            throw new IllegalStateException("the test's hook failed", e);
        }
    }
}
