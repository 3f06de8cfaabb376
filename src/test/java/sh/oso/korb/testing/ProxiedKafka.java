package sh.oso.korb.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Utils;

/**
 * A real single-node KRaft broker in this JVM that clients reach only through a {@link BrokerProxy}: its client
 * listener advertises the proxy's port, so every connection korb makes (bootstrap, coordinator, partition leader)
 * goes through the proxy, and a test can cut the broker off or lose its answers mid-run. The test sets up
 * topics and groups over a second listener that bypasses the proxy ({@link #direct()}).
 */
public final class ProxiedKafka implements AutoCloseable {

    private final KafkaRaftServer server;
    private final EmbeddedKafka direct;
    private final BrokerProxy proxy;
    private final Path directory;

    private ProxiedKafka(KafkaRaftServer server, EmbeddedKafka direct, BrokerProxy proxy, Path directory) {
        this.server = server;
        this.direct = direct;
        this.proxy = proxy;
        this.directory = directory;
    }

    /** Starts the broker with {@code brokerConfig} added to its configuration; the caller closes it. */
    public static ProxiedKafka start(Map<String, String> brokerConfig) throws Exception {
        Path directory = Files.createTempDirectory("proxied-kafka");
        int controller = KraftNode.freePort();
        int internal = KraftNode.freePort();
        int external = KraftNode.freePort();
        int proxied = KraftNode.freePort();
        Properties props = KraftNode.config(directory, controller);
        props.put(
                "listeners",
                "CONTROLLER://localhost:" + controller + ",INTERNAL://localhost:" + internal + ",EXTERNAL://localhost:"
                        + external);
        props.put("advertised.listeners", "INTERNAL://localhost:" + internal + ",EXTERNAL://localhost:" + proxied);
        props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT");
        props.putAll(brokerConfig);
        KafkaRaftServer server = KraftNode.start(props, directory, List.of());
        return new ProxiedKafka(
                server, KraftNode.awaitReady(internal), BrokerProxy.start(proxied, external), directory);
    }

    /** The broker as korb reaches it: through the proxy. */
    public String bootstrapServers() {
        return "localhost:" + proxy.port();
    }

    /** The broker as the test reaches it to set up and check: past the proxy. */
    public EmbeddedKafka direct() {
        return direct;
    }

    public BrokerProxy proxy() {
        return proxy;
    }

    @Override
    public void close() {
        proxy.close();
        direct.close();
        server.shutdown();
        server.awaitShutdown();
        Utils.closeQuietly(() -> Utils.delete(directory.toFile()), "proxied-kafka directory");
    }
}
