package sh.oso.korb.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.error.KafkaAccessException;

/** Creates real Kafka clients whose own deadlines match korb's --timeout. */
public final class DefaultKafkaClientFactory implements KafkaClientFactory {

    @Override
    public Admin admin(KafkaConfig config) {
        Map<String, Object> props = common(config);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, config.timeoutMs());
        return create(props, Admin::create, "Admin");
    }

    @Override
    public Consumer<byte[], byte[]> readOnlyConsumer(KafkaConfig config) {
        Map<String, Object> props = common(config);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, config.timeoutMs());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        // Only one record per partition is wanted: keep fetches small so memory stays flat.
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * 1024 * 1024);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return create(props, KafkaConsumer<byte[], byte[]>::new, "consumer");
    }

    private static Map<String, Object> common(KafkaConfig config) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, "korb");
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Math.min(config.timeoutMs(), 30_000));
        return props;
    }

    private static <T> T create(Map<String, Object> props, Function<Map<String, Object>, T> constructor, String what) {
        try {
            return constructor.apply(props);
        } catch (KafkaException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ConfigException) {
                throw new InvalidInputException(
                        "invalid Kafka client configuration: " + cause.getMessage() + " (check --bootstrap-servers)",
                        cause);
            }
            throw new KafkaAccessException(
                    "could not create the Kafka " + what + " client: " + cause.getMessage(), cause);
        }
    }
}
