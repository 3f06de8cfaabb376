package sh.oso.korb.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.error.KafkaAccessException;

/** Creates a real Admin client whose own deadlines match korb's --timeout. */
public final class DefaultAdminFactory implements AdminFactory {

    @Override
    public Admin create(KafkaConfig config) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "korb");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
        try {
            return Admin.create(props);
        } catch (KafkaException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ConfigException) {
                throw new InvalidInputException("invalid Kafka client configuration: " + cause.getMessage()
                        + " (check --bootstrap-servers)", cause);
            }
            throw new KafkaAccessException("could not create the Kafka Admin client: " + cause.getMessage(), cause);
        }
    }
}
