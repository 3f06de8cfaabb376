package sh.oso.korb.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.testing.SecureKafka;

/**
 * Runs every command of the packaged jar over SASL_SSL with a known password, with --verbose so the Kafka
 * client's own configuration dumps are printed too, and asserts that the password (and the client's
 * private key, and a wrong password tried once) appears nowhere: not on stdout or stderr, not in the result
 * files, the plan file or the stored snapshots.
 */
class SecretLeakIT {

    private static final Path JAR = Path.of(System.getProperty("korb.jar", "target/korb.jar"));
    private static final String WRONG_PASSWORD = "Wr0ng-Secret-Value-5e1d";
    private static final SecureKafka kafka = SecureKafka.shared();

    @TempDir
    Path work;

    private final List<String> printed = new ArrayList<>();

    private int korb(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("KORB_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        printed.add(Files.readString(out) + Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return process.exitValue();
    }

    @Test
    void noCommandPrintsWritesOrStoresASecret() throws Exception {
        Path secrets = Files.createDirectories(work.resolve("secrets"));
        Files.writeString(secrets.resolve("ca.crt"), kafka.ca().certificatePem());
        Files.writeString(secrets.resolve("password"), SecureKafka.ALICE_PASSWORD);
        Path stored = work.resolve("store");
        Path results = work.resolve("results");
        String group = "leak-group";
        kafka.plaintext().createTopic("leak-topic", 2, 10);
        kafka.plaintext().commit(group, Map.of(new TopicPartition("leak-topic", 0), 4L));

        Map<String, String> env = new HashMap<>(Map.of(
                "KORB_BOOTSTRAP_SERVERS",
                kafka.saslSslBootstrap(),
                "KORB_SECURITY_PROTOCOL",
                "SASL_SSL",
                "KORB_SASL_MECHANISM",
                "SCRAM-SHA-256",
                "KORB_SASL_USERNAME",
                SecureKafka.ALICE,
                "KORB_SASL_PASSWORD_FILE",
                secrets.resolve("password").toString(),
                "KORB_TLS_CA_FILE",
                secrets.resolve("ca.crt").toString(),
                "KORB_PVC_PATH",
                stored.toString(),
                "KORB_RESULTS_DIR",
                results.toString(),
                "KORB_CONSUMER_GROUPS",
                group,
                "KORB_VERBOSE",
                "true"));

        assertThat(korb(env, "snapshot", "--snapshot-id", "leak", "--record-timestamps"))
                .isZero();
        kafka.plaintext().commit(group, Map.of(new TopicPartition("leak-topic", 0), 9L));
        assertThat(korb(
                        env,
                        "rollback",
                        "--snapshot-id",
                        "leak",
                        "--dry-run",
                        "--plan-out",
                        work.resolve("plan.json").toString()))
                .isZero();
        assertThat(korb(env, "rollback", "--snapshot-id", "leak", "-o", "json")).isZero();
        assertThat(korb(env, "verify", "--snapshot-id", "leak", "--strict")).isZero();
        assertThat(korb(env, "list")).isZero();
        assertThat(korb(env, "show", "--snapshot-id", "leak", "-o", "json")).isZero();
        assertThat(korb(env, "delete", "--snapshot-id", "leak")).isZero();

        // The password from the environment instead of a file; then a wrong one, which must not echo either.
        env.remove("KORB_SASL_PASSWORD_FILE");
        env.put("KORB_SASL_PASSWORD", SecureKafka.ALICE_PASSWORD);
        assertThat(korb(env, "snapshot", "--snapshot-id", "leak-env")).isZero();
        env.put("KORB_SASL_PASSWORD", WRONG_PASSWORD);
        assertThat(korb(env, "snapshot", "--snapshot-id", "leak-wrong")).isEqualTo(1);

        assertThat(String.join("\n", printed))
                .as("the runs did print Kafka's configuration")
                .contains("sasl.jaas.config = [hidden]");
        for (String output : printed) {
            assertThat(output).doesNotContain(SecureKafka.ALICE_PASSWORD).doesNotContain(WRONG_PASSWORD);
        }
        try (Stream<Path> files = Files.walk(work)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(path -> !path.startsWith(secrets))
                    .toList()) {
                String content = Files.readString(file, StandardCharsets.UTF_8);
                assertThat(content)
                        .as(file.toString())
                        .doesNotContain(SecureKafka.ALICE_PASSWORD)
                        .doesNotContain(WRONG_PASSWORD);
            }
        }
        assertThat(results.resolve("message")).exists();
        assertThat(stored.resolve("leak-env.json")).exists();
    }
}
