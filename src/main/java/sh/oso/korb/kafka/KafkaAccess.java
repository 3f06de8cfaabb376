package sh.oso.korb.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The Kafka clients of one korb run: one Admin client shared by the group and topic views, and a read-only
 * consumer created only when record timestamps are read. Closing it closes them all.
 *
 * <p>The Admin client is created on a thread of its own as soon as this is opened: its start-up (config
 * parsing, metrics, JMX registration) costs about 0.1 s in a fresh JVM, which then overlaps with opening the
 * snapshot store and reading the snapshot. A failure to create it is thrown, as is, at first use.
 */
public final class KafkaAccess implements AutoCloseable {

    private final KafkaClientFactory factory;
    private final KafkaConfig config;
    private final CompletableFuture<Views> views;
    private Consumer<byte[], byte[]> consumer;

    /** The Admin client and the two views over it. */
    private record Views(Admin admin, ConsumerGroupAdmin groups, TopicAdmin topics) {
        Views(Admin admin, KafkaConfig config) {
            this(admin, new ConsumerGroupAdmin(admin, config), new TopicAdmin(admin, config));
        }
    }

    private KafkaAccess(KafkaClientFactory factory, KafkaConfig config) {
        this.factory = factory;
        this.config = config;
        this.views =
                CompletableFuture.supplyAsync(() -> new Views(factory.admin(config), config), KafkaAccess::onOwnThread);
    }

    private static void onOwnThread(Runnable task) {
        Thread thread = new Thread(task, "korb-admin-start");
        thread.setDaemon(true);
        thread.start();
    }

    public static KafkaAccess open(KafkaClientFactory factory, KafkaConfig config) {
        return new KafkaAccess(factory, config);
    }

    public KafkaConfig config() {
        return config;
    }

    public ConsumerGroupAdmin groups() {
        return views().groups();
    }

    public TopicAdmin topics() {
        return views().topics();
    }

    private Views views() {
        try {
            return views.join();
        } catch (CompletionException e) {
            // the factory's own exception (invalid configuration, client creation failed) with its exit code
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
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
        Views created = views.exceptionally(error -> null).join();
        if (created != null) {
            created.admin().close(Duration.ofSeconds(5));
        }
    }
}
