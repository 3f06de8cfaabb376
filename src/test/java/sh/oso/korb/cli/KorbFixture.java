package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;

/**
 * Two topics (3 and 2 partitions, 100 records each) and two groups with committed offsets, with names
 * unique to one test so tests can share the embedded broker.
 */
final class KorbFixture {

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final String orders = "orders-" + suffix;
    final String payments = "payments-" + suffix;
    final String orderProcessor = "order-processor-" + suffix;
    final String paymentHandler = "payment-handler-" + suffix;
    final Path store;

    KorbFixture(Path store) throws Exception {
        this.store = store;
        EmbeddedKafka.shared().createTopic(orders, 3, 100);
        EmbeddedKafka.shared().createTopic(payments, 2, 100);
        EmbeddedKafka.shared().commit(orderProcessor, offsets(10));
        EmbeddedKafka.shared()
                .commit(
                        paymentHandler,
                        Map.of(new TopicPartition(payments, 0), 40L, new TopicPartition(payments, 1), 41L));
    }

    /** Offsets on all five partitions: base, base+1, ... in a fixed order. */
    Map<TopicPartition, Long> offsets(long base) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        long next = base;
        for (TopicPartition tp : allPartitions()) {
            offsets.put(tp, next++);
        }
        return offsets;
    }

    List<TopicPartition> allPartitions() {
        List<TopicPartition> all = new ArrayList<>(EmbeddedKafka.partitions(orders, 3));
        all.addAll(EmbeddedKafka.partitions(payments, 2));
        return all;
    }

    String groups() {
        return orderProcessor + "," + paymentHandler;
    }

    CliRun.Result korb(String command, String... args) {
        return cli().run(args(command, args));
    }

    /** Kafka and storage come from the environment, as in a Tekton step; the test adds the rest as flags. */
    CliRun cli() {
        return new CliRun()
                .env("KORB_BOOTSTRAP_SERVERS", EmbeddedKafka.shared().bootstrapServers())
                .env("KORB_STORAGE_TYPE", "pvc")
                .env("KORB_PVC_PATH", store.toString())
                .env("KORB_TIMEOUT", "20s");
    }

    static String[] args(String command, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    CliRun.Result snapshot(String id) {
        CliRun.Result result = korb("snapshot", "--consumer-groups", groups(), "--snapshot-id", id);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }
}
