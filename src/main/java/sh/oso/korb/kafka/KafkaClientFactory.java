package sh.oso.korb.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;

/** Creates the Kafka clients for a {@link KafkaConfig}; tests inject their own. */
public interface KafkaClientFactory {

    Admin admin(KafkaConfig config);

    /** A consumer that joins no group and commits nothing, for reading single records. */
    Consumer<byte[], byte[]> readOnlyConsumer(KafkaConfig config);
}
