package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.kafka.DefaultKafkaClientFactory;
import sh.oso.korb.kafka.KafkaClientFactory;
import sh.oso.korb.kafka.KafkaConfig;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;

/** Many groups on a 3-broker cluster, so group coordinators are spread over several brokers. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManyGroupsRollbackTest {

    private static final int PARTITIONS = 6;
    private static EmbeddedKafka cluster;

    @TempDir
    Path store;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "many-" + suffix;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedKafka.start(3);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private CliRun cli() {
        return new CliRun()
                .env("KORB_BOOTSTRAP_SERVERS", cluster.bootstrapServers())
                .env("KORB_PVC_PATH", store.toString())
                .env("KORB_TIMEOUT", "20s");
    }

    private List<String> groups(int count) {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            groups.add(String.format("group-%s-%03d", suffix, i));
        }
        return groups;
    }

    /** Commits for many groups at once, as a fleet of consumers would have. */
    private void commitAll(List<String> groups, java.util.function.IntFunction<Long> offsetOfGroup) throws Exception {
        Map<String, Map<TopicPartition, Long>> offsets = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            long offset = offsetOfGroup.apply(i);
            Map<TopicPartition, Long> partitions = new HashMap<>();
            EmbeddedKafka.partitions(topic, PARTITIONS).forEach(tp -> partitions.put(tp, offset));
            offsets.put(groups.get(i), partitions);
        }
        cluster.commitAll(offsets);
    }

    private Map<String, Map<TopicPartition, Long>> committed(List<String> groups) throws Exception {
        return cluster.committed(groups);
    }

    private void prepare(List<String> groups) throws Exception {
        cluster.createTopic(topic, PARTITIONS, (short) 3);
        cluster.produce(topic, PARTITIONS, 50);
        commitAll(groups, i -> (long) (i % 40));
        CliRun.Result snapshot =
                cli().env("KORB_CONSUMER_GROUPS", String.join(",", groups)).run("snapshot", "--snapshot-id", "fleet");
        assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();
    }

    @Test
    @Order(1)
    void rollsBack500GroupsInOneRunSkippingThoseAlreadyAtTheTarget() throws Exception {
        List<String> groups = groups(500);
        prepare(groups);
        Map<String, Map<TopicPartition, Long>> atSnapshot = committed(groups);
        // 300 groups moved; the other 200 are already at the snapshot and get no request at all.
        commitAll(groups.subList(0, 300), i -> 49L);

        CliRun.Result result = cli().env("KORB_CONSUMER_GROUPS", String.join(",", groups))
                .run(
                        "rollback",
                        "--snapshot-id",
                        "fleet",
                        "--parallelism",
                        "16",
                        "--results-dir",
                        store.resolve("results").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Rolled back 500 groups to snapshot fleet: 1800 of 3000 partitions changed");
        assertThat(Files.readString(store.resolve("results/changed-partitions")))
                .isEqualTo("1800");
        assertThat(committed(groups)).isEqualTo(atSnapshot);
        CliRun.Result verify = cli().env("KORB_CONSUMER_GROUPS", String.join(",", groups))
                .run("verify", "--snapshot-id", "fleet", "--strict");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
    }

    @Test
    @Order(2)
    void aConsumerJoiningMidRollbackStopsOnlyItsGroupAndTheRerunFinishes() throws Exception {
        List<String> groups = groups(10);
        prepare(groups);
        Map<String, Map<TopicPartition, Long>> atSnapshot = committed(groups);
        commitAll(groups, i -> 45L);
        String joiner = groups.get(4);
        JoinOnCommit joinOnCommit = new JoinOnCommit(joiner);

        CliRun.Result interrupted = cli().clients(joinOnCommit)
                .env("KORB_CONSUMER_GROUPS", String.join(",", groups))
                .run("rollback", "--snapshot-id", "fleet");

        try {
            assertThat(interrupted.exitCode()).as(interrupted.toString()).isEqualTo(4);
            assertThat(interrupted.err())
                    .contains("9 of 10 groups rolled back")
                    .contains("not rolled back, consumers joined: 1 (" + joiner + ")")
                    .contains("rolled back: 9 (" + groups.get(0))
                    .contains("Stop the consumers that joined; then run it again to finish");
            Map<String, Map<TopicPartition, Long>> after = committed(groups);
            for (String group : groups) {
                if (group.equals(joiner)) {
                    assertThat(after.get(group)).as(group).containsValue(45L).doesNotContainValue(4L);
                } else {
                    assertThat(after.get(group)).as(group).isEqualTo(atSnapshot.get(group));
                }
            }
        } finally {
            joinOnCommit.close();
        }

        CliRun.Result rerun =
                cli().env("KORB_CONSUMER_GROUPS", String.join(",", groups)).run("rollback", "--snapshot-id", "fleet");
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains(PARTITIONS + " of 60 partitions changed");
        assertThat(committed(groups)).isEqualTo(atSnapshot);
    }

    @Test
    @Order(3)
    void coordinatorsMovingToOtherBrokersDoNotStopTheRollback() throws Exception {
        List<String> groups = groups(30);
        prepare(groups);
        Map<String, Map<TopicPartition, Long>> atSnapshot = committed(groups);
        commitAll(groups, i -> 48L);

        // Some groups' coordinators lived on broker 1; their __consumer_offsets partitions move to the others.
        cluster.testKit().brokers().get(1).shutdown();
        cluster.testKit().brokers().get(1).awaitShutdown();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> cluster.admin()
                                .describeCluster()
                                .nodes()
                                .get(10, TimeUnit.SECONDS)
                                .size()
                        == 2);

        CliRun.Result result =
                cli().env("KORB_CONSUMER_GROUPS", String.join(",", groups)).run("rollback", "--snapshot-id", "fleet");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(committed(groups)).isEqualTo(atSnapshot);
    }

    /**
     * Kafka clients whose Admin lets a consumer join {@code group} just before korb commits that group's
     * offsets: the race between korb's state check and its commit, made certain.
     */
    private final class JoinOnCommit implements KafkaClientFactory, AutoCloseable {

        private final String group;
        private final Set<String> joined = new HashSet<>();
        private KafkaConsumer<String, String> consumer;

        JoinOnCommit(String group) {
            this.group = group;
        }

        @Override
        public Admin admin(KafkaConfig config) {
            return new ForwardingAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers())) {
                @Override
                public AlterConsumerGroupOffsetsResult alterConsumerGroupOffsets(
                        String groupId,
                        Map<TopicPartition, OffsetAndMetadata> offsets,
                        AlterConsumerGroupOffsetsOptions options) {
                    if (groupId.equals(group) && joined.add(groupId)) {
                        join();
                    }
                    return super.alterConsumerGroupOffsets(groupId, offsets, options);
                }
            };
        }

        @Override
        public Consumer<byte[], byte[]> readOnlyConsumer(KafkaConfig config) {
            return new DefaultKafkaClientFactory().readOnlyConsumer(config);
        }

        private void join() {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            consumer = new KafkaConsumer<>(props);
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return !consumer.assignment().isEmpty();
            });
        }

        @Override
        public void close() {
            if (consumer != null) {
                consumer.close();
            }
        }
    }
}
