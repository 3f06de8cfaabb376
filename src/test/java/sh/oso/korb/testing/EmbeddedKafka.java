package sh.oso.korb.testing;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.awaitility.Awaitility;

/**
 * A real KRaft Kafka cluster in this JVM. {@link #shared()} is one single-node broker, started on first use
 * and shared by every test class and the demo (it starts in a few seconds; per-test brokers would dominate
 * the run); tests isolate themselves with unique topic and group names. {@link #start(int)} starts a
 * dedicated multi-broker cluster for tests that need several group coordinators.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static EmbeddedKafka shared;

    private final KafkaClusterTestKit cluster;
    private final AutoCloseable server;
    private final String bootstrapServers;
    private final Admin admin;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this(cluster, cluster, cluster.bootstrapServers());
    }

    /** A running server reached over PLAINTEXT at {@code bootstrapServers}, closed with this object. */
    EmbeddedKafka(KafkaClusterTestKit cluster, AutoCloseable server, String bootstrapServers) {
        this.cluster = cluster;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public static synchronized EmbeddedKafka shared() {
        if (shared == null) {
            shared = start(1);
        }
        return shared;
    }

    /** Stops the shared broker, if it was started: when the test session or the demo ends. */
    public static synchronized void stopShared() {
        if (shared != null) {
            try {
                shared.close();
            } finally {
                shared = null;
            }
        }
    }

    /** Starts a cluster of {@code brokers} brokers (and one controller); the caller closes it. */
    public static EmbeddedKafka start(int brokers) {
        try {
            short replication = (short) Math.min(3, brokers);
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setCombined(brokers == 1)
                            .setNumBrokerNodes(brokers)
                            .setNumControllerNodes(1)
                            .build())
                    .setConfigProp("offsets.topic.replication.factor", String.valueOf(replication))
                    .setConfigProp("offsets.topic.num.partitions", brokers == 1 ? "5" : "12")
                    .setConfigProp("transaction.state.log.replication.factor", String.valueOf(replication))
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            formatQuietly(kit);
            kit.startup();
            kit.waitForReadyBrokers();
            return new EmbeddedKafka(kit);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded Kafka cluster", e);
        }
    }

    // The test kit prints its bootstrap metadata to stdout while formatting; that is noise in the demo.
    private static void formatQuietly(KafkaClusterTestKit kit) throws Exception {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            kit.format();
        } finally {
            System.setOut(stdout);
        }
    }

    @Override
    public void close() {
        try {
            admin.close();
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the embedded Kafka cluster", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Admin admin() {
        return admin;
    }

    public KafkaClusterTestKit testKit() {
        return cluster;
    }

    /** Creates a topic and writes {@code recordsPerPartition} records to each partition. */
    public void createTopic(String topic, int partitions, int recordsPerPartition) throws Exception {
        createTopic(topic, partitions, (short) 1);
        produce(topic, partitions, recordsPerPartition);
    }

    public void createTopic(String topic, int partitions, short replicationFactor) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor)))
                .all()
                .get(30, TimeUnit.SECONDS);
    }

    /**
     * Creates a topic that keeps its records whatever their timestamps: records written with timestamps long past
     * would otherwise be deleted by time-based retention once the broker rolls their segment, moving the log start
     * under a test's feet.
     */
    public void createTopicKeepingOldRecords(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
                        .configs(Map.of("retention.ms", "-1", "segment.ms", String.valueOf(Long.MAX_VALUE)))))
                .all()
                .get(30, TimeUnit.SECONDS);
    }

    /** Writes one record per timestamp to a partition, in order: record {@code i} gets {@code timestamps[i]}. */
    public void produceWithTimestamps(String topic, int partition, long... timestamps) {
        try (KafkaProducer<String, String> producer = producer()) {
            for (long timestamp : timestamps) {
                producer.send(new ProducerRecord<>(topic, partition, timestamp, "k", "v@" + timestamp));
            }
            producer.flush();
        }
    }

    /** Deletes a topic and waits until the cluster no longer knows it, so it can be created again. */
    public void deleteTopic(String topic) throws Exception {
        admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() ->
                        !admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic));
    }

    /**
     * Writes records until each of the first {@code partitions} partitions of a topic holds at least
     * {@code records}. A loaded machine can make a send fail or a batch go missing: tests and the benchmark
     * count on every partition's log end, so the shortfall is written again rather than silently accepted.
     */
    public void produce(String topic, int partitions, int records) {
        if (records == 0) {
            return;
        }
        List<TopicPartition> all = partitions(topic, partitions);
        for (int attempt = 1; ; attempt++) {
            Map<TopicPartition, Long> ends = endOffsets(all);
            if (all.stream().allMatch(tp -> ends.get(tp) >= records)) {
                return;
            }
            if (attempt > 3) {
                throw new IllegalStateException(
                        "could not write " + records + " records to each partition of " + topic + ": log ends " + ends);
            }
            try (KafkaProducer<String, String> producer = producer()) {
                for (TopicPartition tp : all) {
                    for (long i = ends.get(tp); i < records; i++) {
                        producer.send(new ProducerRecord<>(topic, tp.partition(), "k" + i, "v" + i));
                    }
                }
                producer.flush();
            }
        }
    }

    /** The log end offsets, once every partition has a leader (a topic just created may not have them yet). */
    private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        Awaitility.await("the log ends of " + partitions)
                .atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> {
                    admin.listOffsets(latest)
                            .all()
                            .get(10, TimeUnit.SECONDS)
                            .forEach((tp, info) -> ends.put(tp, info.offset()));
                    return true;
                });
        return ends;
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // in order and without the idempotent producer's sequence checks, which a retried batch has tripped here
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props);
    }

    /** Commits offsets for a group (creating it, empty, when it does not exist) as a stopped consumer would have. */
    public void commit(String group, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, commits).all().get(30, TimeUnit.SECONDS);
    }

    /** Commits offsets for many groups at once, as a fleet of stopped consumers would have. */
    public void commitAll(Map<String, Map<TopicPartition, Long>> offsetsByGroup) throws Exception {
        List<KafkaFuture<Void>> futures = new ArrayList<>();
        offsetsByGroup.forEach((group, offsets) -> {
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
            futures.add(admin.alterConsumerGroupOffsets(group, commits).all());
        });
        KafkaFuture.allOf(futures.toArray(KafkaFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    /** Every group's committed offsets, read back in one batched request. */
    public Map<String, Map<TopicPartition, Long>> committed(Collection<String> groups) throws Exception {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
        admin.listConsumerGroupOffsets(specs).all().get(60, TimeUnit.SECONDS).forEach((group, offsets) -> {
            Map<TopicPartition, Long> plain = new HashMap<>();
            offsets.forEach((tp, offset) -> {
                if (offset != null) {
                    plain.put(tp, offset.offset());
                }
            });
            committed.put(group, plain);
        });
        return committed;
    }

    /**
     * A consumer that has joined {@code group} and holds partitions of {@code topic} (so the group is active),
     * with auto-commit off so it never moves the offsets a test asserts on. {@code protocol}: classic or consumer.
     */
    public KafkaConsumer<String, String> liveConsumer(String group, String protocol, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "live-" + group);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        });
        return consumer;
    }

    /** The offsets committed now, read back from the broker. */
    public Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS)
                .forEach((tp, committed) -> {
                    if (committed != null) {
                        offsets.put(tp, committed.offset());
                    }
                });
        return offsets;
    }

    public static List<TopicPartition> partitions(String topic, int count) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            partitions.add(new TopicPartition(topic, i));
        }
        return partitions;
    }
}
