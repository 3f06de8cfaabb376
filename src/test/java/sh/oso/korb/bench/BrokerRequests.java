package sh.oso.korb.bench;

import com.yammer.metrics.core.Meter;
import com.yammer.metrics.core.Metric;
import com.yammer.metrics.core.MetricName;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.server.metrics.KafkaYammerMetrics;

/**
 * Requests the in-JVM broker has served, by API, from its own request metrics: counted on the broker side, so
 * korb and the Kafka tool are measured the same way.
 */
final class BrokerRequests {

    private BrokerRequests() {}

    static Map<String, Long> snapshot() {
        Map<String, Long> counts = new TreeMap<>();
        for (Map.Entry<MetricName, Metric> entry :
                KafkaYammerMetrics.defaultRegistry().allMetrics().entrySet()) {
            MetricName name = entry.getKey();
            if ("RequestMetrics".equals(name.getType())
                    && "RequestsPerSec".equals(name.getName())
                    && entry.getValue() instanceof Meter meter) {
                String request = tag(name.getScope(), "request");
                // Heartbeats between the broker and its controller are the cluster's own traffic.
                if (request != null && !request.equals("BrokerHeartbeat")) {
                    counts.merge(request, meter.count(), Long::sum);
                }
            }
        }
        return counts;
    }

    /** The requests made between two snapshots, by API, without the zeros. */
    static Map<String, Long> between(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> made = new TreeMap<>();
        after.forEach((request, count) -> {
            long difference = count - before.getOrDefault(request, 0L);
            if (difference > 0) {
                made.put(request, difference);
            }
        });
        return made;
    }

    private static String tag(String scope, String key) {
        if (scope == null) {
            return null;
        }
        String[] parts = scope.split("\\.");
        for (int i = 0; i + 1 < parts.length; i += 2) {
            if (parts[i].equals(key)) {
                return parts[i + 1];
            }
        }
        return null;
    }
}
