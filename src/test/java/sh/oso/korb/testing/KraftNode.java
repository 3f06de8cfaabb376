package sh.oso.korb.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.awaitility.Awaitility;

/**
 * One KRaft node, broker and controller, in this JVM, with the listeners a fixture chooses: for brokers that
 * {@code KafkaClusterTestKit} cannot configure (secure listeners, a listener advertised at a proxy). The fixture
 * adds {@code listeners}, {@code advertised.listeners} and {@code listener.security.protocol.map}, with a
 * PLAINTEXT listener named INTERNAL for the brokers' own traffic and the tests' setup.
 */
final class KraftNode {

    private KraftNode() {}

    /** The configuration every such node shares: single node, data in {@code directory}. */
    static Properties config(Path directory, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "INTERNAL");
        props.put("log.dirs", directory.resolve("data").toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "3");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        return props;
    }

    /** Formats the node's directory (with SCRAM users, e.g. {@code SCRAM-SHA-256=[name=u,password=p]}) and starts it. */
    static KafkaRaftServer start(Properties props, Path directory, List<String> scramUsers) throws Exception {
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(directory.resolve("data").toString()))
                .setMetadataLogDirectory(directory.resolve("data").toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setScramArguments(scramUsers)
                .run();
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return server;
    }

    /** The node reached over its INTERNAL listener, once it serves requests there. */
    static EmbeddedKafka awaitReady(int internalPort) {
        EmbeddedKafka internal = new EmbeddedKafka(null, () -> {}, "localhost:" + internalPort);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> internal.admin()
                                .describeCluster()
                                .nodes()
                                .get(5, TimeUnit.SECONDS)
                                .size()
                        == 1);
        return internal;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
