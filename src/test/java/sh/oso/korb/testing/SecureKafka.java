package sh.oso.korb.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Utils;

/**
 * A real single-node KRaft broker with the listeners production clusters use, in this JVM: SASL_SSL with
 * SCRAM-SHA-256 and SCRAM-SHA-512 users created at format time, an SSL listener that requires client
 * certificates (mutual TLS), and a SASL_SSL listener whose certificate names another host. Certificates come
 * from a CA the test makes. A PLAINTEXT listener is kept for the tests' own setup (topics, groups).
 */
public final class SecureKafka implements AutoCloseable {

    public static final String ALICE = "alice";
    public static final String ALICE_PASSWORD = "alice-Pa55word-7f3c";
    public static final String BOB = "bob";
    public static final String BOB_PASSWORD = "bob-Pa55word-91ad";

    private final TestCertificates.Authority ca;
    private final TestCertificates.Issued client;
    private final KafkaRaftServer server;
    private final EmbeddedKafka plaintext;
    private final Path directory;
    private final int saslPort;
    private final int mtlsPort;
    private final int wrongHostPort;

    private SecureKafka(
            TestCertificates.Authority ca,
            TestCertificates.Issued client,
            KafkaRaftServer server,
            EmbeddedKafka plaintext,
            Path directory,
            int saslPort,
            int mtlsPort,
            int wrongHostPort) {
        this.ca = ca;
        this.client = client;
        this.server = server;
        this.plaintext = plaintext;
        this.directory = directory;
        this.saslPort = saslPort;
        this.mtlsPort = mtlsPort;
        this.wrongHostPort = wrongHostPort;
    }

    private static SecureKafka shared;

    /**
     * The one secure broker of a test run, started on first use and stopped when the run ends
     * ({@link StopSharedBrokers}): tests use topics and groups of their own, so they can share it.
     */
    public static synchronized SecureKafka shared() {
        if (shared == null) {
            try {
                shared = start();
            } catch (Exception e) {
                throw new IllegalStateException("could not start the secure Kafka broker", e);
            }
        }
        return shared;
    }

    static synchronized void stopShared() {
        if (shared != null) {
            try {
                shared.close();
            } finally {
                shared = null;
            }
        }
    }

    private static SecureKafka start() throws Exception {
        TestCertificates.Authority ca = TestCertificates.authority("korb test CA");
        TestCertificates.Issued broker = ca.issue("localhost", "localhost", "127.0.0.1");
        TestCertificates.Issued wrongHost = ca.issue("wrong.example", "wrong.example");
        TestCertificates.Issued client = ca.issue("korb-client");
        Path directory = Files.createTempDirectory("secure-kafka");
        int controller = KraftNode.freePort();
        int internal = KraftNode.freePort();
        int sasl = KraftNode.freePort();
        int mtls = KraftNode.freePort();
        int wrong = KraftNode.freePort();

        Properties props = KraftNode.config(directory, controller);
        props.put(
                "listeners",
                "CONTROLLER://localhost:" + controller + ",INTERNAL://localhost:" + internal + ",SECURE://localhost:"
                        + sasl + ",MTLS://localhost:" + mtls + ",WRONGHOST://localhost:" + wrong);
        props.put(
                "advertised.listeners",
                "INTERNAL://localhost:" + internal + ",SECURE://localhost:" + sasl + ",MTLS://localhost:" + mtls
                        + ",WRONGHOST://localhost:" + wrong);
        props.put(
                "listener.security.protocol.map",
                "CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,SECURE:SASL_SSL," + "MTLS:SSL,WRONGHOST:SASL_SSL");
        for (String listener : List.of("secure", "wronghost")) {
            props.put("listener.name." + listener + ".sasl.enabled.mechanisms", "SCRAM-SHA-256,SCRAM-SHA-512");
            props.put(
                    "listener.name." + listener + ".scram-sha-256.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            props.put(
                    "listener.name." + listener + ".scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        keystore(props, "secure", broker);
        keystore(props, "mtls", broker);
        keystore(props, "wronghost", wrongHost);
        props.put("listener.name.mtls.ssl.client.auth", "required");
        props.put("listener.name.mtls.ssl.truststore.type", "PEM");
        props.put("listener.name.mtls.ssl.truststore.certificates", ca.certificatePem());

        KafkaRaftServer server = KraftNode.start(
                props,
                directory,
                List.of(
                        "SCRAM-SHA-256=[name=" + ALICE + ",password=" + ALICE_PASSWORD + "]",
                        "SCRAM-SHA-512=[name=" + BOB + ",password=" + BOB_PASSWORD + "]"));
        EmbeddedKafka plaintext = KraftNode.awaitReady(internal);
        return new SecureKafka(ca, client, server, plaintext, directory, sasl, mtls, wrong);
    }

    private static void keystore(Properties props, String listener, TestCertificates.Issued certificate) {
        props.put("listener.name." + listener + ".ssl.keystore.type", "PEM");
        props.put("listener.name." + listener + ".ssl.keystore.certificate.chain", certificate.certificatePem());
        props.put("listener.name." + listener + ".ssl.keystore.key", certificate.privateKeyPem());
    }

    /** Topics, groups and offsets are set up over PLAINTEXT; korb connects over the secure listeners. */
    public EmbeddedKafka plaintext() {
        return plaintext;
    }

    public String saslSslBootstrap() {
        return "localhost:" + saslPort;
    }

    public String mutualTlsBootstrap() {
        return "localhost:" + mtlsPort;
    }

    /** A SASL_SSL listener whose certificate names wrong.example, not localhost. */
    public String wrongHostBootstrap() {
        return "localhost:" + wrongHostPort;
    }

    public TestCertificates.Authority ca() {
        return ca;
    }

    public TestCertificates.Issued clientCertificate() {
        return client;
    }

    @Override
    public void close() {
        plaintext.close();
        server.shutdown();
        server.awaitShutdown();
        Utils.closeQuietly(() -> Utils.delete(directory.toFile()), "secure-kafka directory");
    }
}
