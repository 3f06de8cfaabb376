package sh.oso.korb.kafka;

import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The Kafka clients of one korb run: one Admin client shared by the group and topic views, and a read-only
 * consumer created only when record timestamps are read. Closing it closes them all.
 */
public final class KafkaAccess implements AutoCloseable {

    private final KafkaClientFactory factory;
    private final KafkaConfig config;
    private final Admin admin;
    private final ConsumerGroupAdmin groups;
    private final TopicAdmin topics;
    private Consumer<byte[], byte[]> consumer;

    private KafkaAccess(KafkaClientFactory factory, KafkaConfig config) {
        this.factory = factory;
        this.config = config;
        this.admin = factory.admin(config);
        this.groups = new ConsumerGroupAdmin(admin, config);
        this.topics = new TopicAdmin(admin, config);
    }

    public static KafkaAccess open(KafkaClientFactory factory, KafkaConfig config) {
        return new KafkaAccess(factory, config);
    }

    public KafkaConfig config() {
        return config;
    }

    public ConsumerGroupAdmin groups() {
        return groups;
    }

    public TopicAdmin topics() {
        return topics;
    }

    public synchronized RecordTimestampReader recordTimestamps() {
        if (consumer == null) {
            consumer = factory.readOnlyConsumer(config);
        }
        return new RecordTimestampReader(consumer, config);
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.close();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
