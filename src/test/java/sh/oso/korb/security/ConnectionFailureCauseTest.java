package sh.oso.korb.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.SecureKafka;

/**
 * A connection that cannot work fails {@code rollback} as it fails {@code verify}: the same exit code, the same
 * reason and a message naming the same cause, against the real SASL_SSL broker. Rollback's first request lists
 * the groups that have members, which the Admin client reports only as "Failed to find brokers to send
 * ListGroups" unless korb looks behind it.
 */
class ConnectionFailureCauseTest {

    private static final SecureKafka kafka = SecureKafka.shared();
    private static final String GROUP = "cause-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String SNAPSHOT = "before-" + GROUP;
    private static Path secrets;
    private static Path store;

    @TempDir
    Path results;

    @BeforeAll
    static void snapshotOverAWorkingConnection() throws Exception {
        secrets = BrokerSecrets.write(kafka);
        store = Files.createTempDirectory("cause-store");
        TopicPartition partition = new TopicPartition(GROUP, 0);
        kafka.plaintext().createTopic(GROUP, 1, 20);
        kafka.plaintext().commit(GROUP, Map.of(partition, 5L));
        CliRun.Result snapshot = korb("snapshot", with(connection(Map.of()), "--snapshot-id", SNAPSHOT));
        assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();
        kafka.plaintext().commit(GROUP, Map.of(partition, 9L));
    }

    /** Each broken connection: what differs from the working one, and the words naming its cause. */
    static Stream<Arguments> brokenConnections() throws IOException {
        return Stream.of(
                Arguments.of(
                        "wrong password",
                        Map.of("--sasl-password-file", secret("wrong-password")),
                        "authentication failed for user alice with SCRAM-SHA-256"),
                Arguments.of(
                        "untrusted CA",
                        Map.of("--tls-ca-file", secret("other-ca.crt")),
                        "the broker's certificate is not trusted: the CA in --tls-ca-file did not sign it"),
                Arguments.of(
                        "disabled mechanism",
                        Map.of("--sasl-mechanism", "PLAIN"),
                        "the SASL mechanism is not enabled on the broker for user alice with PLAIN"),
                Arguments.of("short timeout", Map.of("--timeout", "1ms"), "Kafka did not answer within 1ms while "),
                Arguments.of(
                        "unreachable host",
                        Map.of("--bootstrap-servers", "localhost:" + closedPort(), "--timeout", "2s"),
                        "Kafka did not answer within 2s while "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenConnections")
    void rollbackNamesTheCauseVerifyNames(String broken, Map<String, String> changes, String cause) throws Exception {
        CliRun.Result verify = korbWithResults("verify", connection(changes), "--snapshot-id", SNAPSHOT);
        Map<String, String> verifyResults = results("verify");
        CliRun.Result rollback = korbWithResults("rollback", connection(changes), "--snapshot-id", SNAPSHOT);
        Map<String, String> rollbackResults = results("rollback");

        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
        assertThat(verify.err()).as(verify.toString()).contains(cause);
        assertThat(rollback.exitCode()).as(rollback.toString()).isEqualTo(verify.exitCode());
        assertThat(rollback.err())
                .as(rollback.toString())
                .contains(cause)
                .doesNotContain("Failed to find brokers")
                .doesNotContain("not-the-password");
        assertThat(rollbackResults.get("reason")).isEqualTo(verifyResults.get("reason"));
        assertThat(rollbackResults.get("message")).contains(cause);
        assertThat(kafka.plaintext().committed(GROUP)).containsEntry(new TopicPartition(GROUP, 0), 9L);
    }

    private Map<String, String> results(String command) throws IOException {
        Path directory = results.resolve(command);
        return Map.of(
                "reason", Files.readString(directory.resolve("reason")),
                "message", Files.readString(directory.resolve("message")));
    }

    private CliRun.Result korbWithResults(String command, List<String> connection, String... args) {
        List<String> all = new ArrayList<>(connection);
        all.addAll(List.of(args));
        all.addAll(List.of("--results-dir", results.resolve(command).toString()));
        return korb(command, all);
    }

    private static CliRun.Result korb(String command, List<String> args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(args);
        all.addAll(List.of("--consumer-groups", GROUP, "--pvc-path", store.toString()));
        return CliRun.korb(all.toArray(String[]::new));
    }

    /** SASL_SSL with SCRAM-SHA-256 as alice, with {@code changes} applied to its options. */
    private static List<String> connection(Map<String, String> changes) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("--bootstrap-servers", kafka.saslSslBootstrap());
        options.put("--security-protocol", "SASL_SSL");
        options.put("--sasl-mechanism", "SCRAM-SHA-256");
        options.put("--sasl-username-file", secret("username"));
        options.put("--sasl-password-file", secret("password"));
        options.put("--tls-ca-file", secret("ca.crt"));
        options.put("--timeout", "15s");
        options.putAll(changes);
        List<String> args = new ArrayList<>();
        options.forEach((option, value) -> {
            args.add(option);
            args.add(value);
        });
        return args;
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    private static String secret(String name) {
        return secrets.resolve(name).toString();
    }

    /** A port nothing listens on: the socket that held it is closed again. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
