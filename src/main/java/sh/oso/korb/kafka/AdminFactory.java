package sh.oso.korb.kafka;

import org.apache.kafka.clients.admin.Admin;

/** Creates the Kafka Admin client for a {@link KafkaConfig}; tests inject their own. */
@FunctionalInterface
public interface AdminFactory {

    Admin create(KafkaConfig config);
}
