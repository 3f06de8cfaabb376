package sh.oso.korb.testing;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real single-node KRaft broker in this JVM, started on first use and shared by every test class and
 * the demo (it starts in a few seconds; per-test brokers would dominate the run). Tests isolate themselves
 * with unique topic and group names.
 */
public final class EmbeddedKafka {

    private static KafkaClusterTestKit cluster;
    private static Admin admin;

    private EmbeddedKafka() {
    }

    public static synchronized String bootstrapServers() {
        start();
        return cluster.bootstrapServers();
    }

    public static synchronized Admin admin() {
        start();
        return admin;
    }

    private static void start() {
        if (cluster != null) {
            return;
        }
        try {
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "5")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            formatQuietly(kit);
            kit.startup();
            kit.waitForReadyBrokers();
            cluster = kit;
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrapServers()));
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded Kafka broker", e);
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

    /**
     * Stops the broker, if it was started. Called when the test session or the demo ends, before the JVM
     * exits: a broker still running in a shutdown hook races the test kit's own directory clean-up.
     */
    public static synchronized void stop() {
        if (cluster == null) {
            return;
        }
        try {
            admin.close();
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the embedded Kafka broker", e);
        } finally {
            cluster = null;
            admin = null;
        }
    }

    /** Creates a topic and writes {@code recordsPerPartition} records to each partition. */
    public static void createTopic(String topic, int partitions, int recordsPerPartition) throws Exception {
        admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        if (recordsPerPartition == 0) {
            return;
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int partition = 0; partition < partitions; partition++) {
                for (int i = 0; i < recordsPerPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, partition, "k" + i, "v" + i));
                }
            }
            producer.flush();
        }
    }

    /** Commits offsets for a group (creating it, empty, when it does not exist) as a stopped consumer would have. */
    public static void commit(String group, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
        admin().alterConsumerGroupOffsets(group, commits).all().get(30, TimeUnit.SECONDS);
    }

    /** The offsets committed now, read back from the broker. */
    public static Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
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
