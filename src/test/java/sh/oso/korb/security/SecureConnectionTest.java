package sh.oso.korb.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.SecureKafka;

/** korb over SASL_SSL with SCRAM and over mutual TLS, against a real broker with those listeners. */
class SecureConnectionTest {

    private static final SecureKafka kafka = SecureKafka.shared();
    private static Path secrets;

    @TempDir
    Path store;

    @BeforeAll
    static void secretFiles() throws Exception {
        secrets = BrokerSecrets.write(kafka);
    }

    private record Group(String name, TopicPartition partition) {}

    private Group group() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String topic = "secure-" + suffix;
        kafka.plaintext().createTopic(topic, 1, 20);
        Group group = new Group("secure-group-" + suffix, new TopicPartition(topic, 0));
        kafka.plaintext().commit(group.name(), Map.of(group.partition(), 5L));
        return group;
    }

    private static String secret(String name) {
        return secrets.resolve(name).toString();
    }

    private CliRun.Result korb(CliRun cli, String command, String[] connection, String... args) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(List.of(connection));
        all.addAll(List.of(args));
        return korb(cli, all.toArray(String[]::new));
    }

    private CliRun.Result korb(CliRun cli, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--pvc-path", store.toString(), "--timeout", "15s"));
        return cli.run(all.toArray(String[]::new));
    }

    private static String[] scram256FromFiles(String bootstrap) {
        return new String[] {
            "--bootstrap-servers",
            bootstrap,
            "--security-protocol",
            "SASL_SSL",
            "--sasl-mechanism",
            "SCRAM-SHA-256",
            "--sasl-username-file",
            secret("username"),
            "--sasl-password-file",
            secret("password"),
            "--tls-ca-file",
            secret("ca.crt")
        };
    }

    /** snapshot, drift, rollback, verify over one secure connection. */
    private void workflow(CliRun cli, String[] connection) throws Exception {
        Group group = group();
        CliRun.Result snapshot =
                korb(cli, "snapshot", connection, "--consumer-groups", group.name(), "--snapshot-id", "secure");
        assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();
        kafka.plaintext().commit(group.name(), Map.of(group.partition(), 17L));
        CliRun.Result rollback =
                korb(cli, "rollback", connection, "--consumer-groups", group.name(), "--snapshot-id", "secure");
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(kafka.plaintext().committed(group.name())).containsEntry(group.partition(), 5L);
        CliRun.Result verify = korb(
                cli, "verify", connection, "--consumer-groups", group.name(), "--snapshot-id", "secure", "--strict");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
    }

    @Test
    void scramSha256WithCredentialsFromFiles() throws Exception {
        workflow(new CliRun(), scram256FromFiles(kafka.saslSslBootstrap()));
    }

    @Test
    void scramSha512WithCredentialsFromTheEnvironment() throws Exception {
        CliRun cli = new CliRun()
                .env("KORB_SASL_USERNAME", SecureKafka.BOB)
                .env("KORB_SASL_PASSWORD", SecureKafka.BOB_PASSWORD)
                .env("KORB_SECURITY_PROTOCOL", "SASL_SSL")
                .env("KORB_SASL_MECHANISM", "SCRAM-SHA-512")
                .env("KORB_TLS_CA_FILE", secret("ca.crt"));
        workflow(cli, new String[] {"--bootstrap-servers", kafka.saslSslBootstrap()});
    }

    @Test
    void mutualTls() throws Exception {
        workflow(new CliRun(), new String[] {
            "--bootstrap-servers",
            kafka.mutualTlsBootstrap(),
            "--security-protocol",
            "SSL",
            "--tls-ca-file",
            secret("ca.crt"),
            "--tls-cert-file",
            secret("tls.crt"),
            "--tls-key-file",
            secret("tls.key")
        });
    }

    @Test
    void mutualTlsFromASecretMountedAsADirectoryWithItsOwnKeyNames() throws Exception {
        // As the Tekton Task passes a Secret workspace: Strimzi's KafkaUser Secret names its keys user.crt/user.key.
        Path strimziUser = Files.createDirectories(store.resolve("strimzi-user"));
        Files.copy(secrets.resolve("ca.crt"), strimziUser.resolve("ca.crt"));
        Files.copy(secrets.resolve("tls.crt"), strimziUser.resolve("user.crt"));
        Files.copy(secrets.resolve("tls.key"), strimziUser.resolve("user.key"));
        CliRun cli = new CliRun()
                .env("KORB_SECURITY_PROTOCOL", "SSL")
                .env("KORB_TLS_SECRET_DIR", strimziUser.toString())
                .env("KORB_TLS_CERT_KEY", "user.crt")
                .env("KORB_TLS_KEY_KEY", "user.key");

        workflow(cli, new String[] {"--bootstrap-servers", kafka.mutualTlsBootstrap()});
    }

    @Test
    void aSecretDirectoryWithoutTheExpectedKeysNamesTheKeysItHas() throws Exception {
        Path wrongKeys = Files.createDirectories(store.resolve("wrong-keys"));
        Files.copy(secrets.resolve("ca.crt"), wrongKeys.resolve("ca.pem"));
        CliRun.Result result = korb(
                new CliRun().env("KORB_TLS_SECRET_DIR", wrongKeys.toString()),
                "snapshot",
                "--bootstrap-servers",
                kafka.mutualTlsBootstrap(),
                "--security-protocol",
                "SSL",
                "--consumer-groups",
                "g",
                "--snapshot-id",
                "wrong-keys");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("--tls-secret-dir " + wrongKeys + " has none of the keys ca.crt, tls.crt,"
                        + " tls.key (its keys: ca.pem)");
        assertThat(store.resolve("wrong-keys.json")).doesNotExist();
    }

    @Test
    void anUnboundWorkspaceReadsNothing() throws Exception {
        // An unbound optional Tekton workspace: $(workspaces.kafka-tls.path) is empty.
        CliRun unbound = new CliRun().env("KORB_TLS_SECRET_DIR", "").env("KORB_TLS_CA_FILE", secret("ca.crt"));
        workflow(unbound, scram256FromFiles(kafka.saslSslBootstrap()));
    }

    @Test
    void anOptionalSecretVolumeWhoseSecretDoesNotExistReadsNothing() throws Exception {
        // An Argo optional Secret volume whose Secret does not exist: an empty directory.
        Path empty = Files.createDirectories(store.resolve("empty-secret"));
        CliRun missing =
                new CliRun().env("KORB_TLS_SECRET_DIR", empty.toString()).env("KORB_TLS_CA_FILE", secret("ca.crt"));
        workflow(missing, scram256FromFiles(kafka.saslSslBootstrap()));
    }

    @Test
    void mutualTlsWithoutAClientCertificateIsRefusedByTheBroker() throws Exception {
        Group group = group();
        CliRun.Result result = korb(
                new CliRun(),
                "snapshot",
                "--bootstrap-servers",
                kafka.mutualTlsBootstrap(),
                "--security-protocol",
                "SSL",
                "--tls-ca-file",
                secret("ca.crt"),
                "--consumer-groups",
                group.name(),
                "--snapshot-id",
                "no-client-cert");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("the broker refused the client certificate");
    }

    @Test
    void aWrongPasswordNamesTheUserAndMechanism() throws Exception {
        Group group = group();
        String[] connection = scram256FromFiles(kafka.saslSslBootstrap());
        connection[9] = secret("wrong-password");

        CliRun.Result result = korb(
                new CliRun(),
                "snapshot",
                connection,
                "--consumer-groups",
                group.name(),
                "--snapshot-id",
                "wrong-password");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains("authentication failed for user alice with SCRAM-SHA-256")
                .doesNotContain("not-the-password");
        assertThat(store.resolve("wrong-password.json")).doesNotExist();
    }

    @Test
    void aCaThatDidNotSignTheBrokerCertificateIsNamed() throws Exception {
        Group group = group();
        String[] connection = scram256FromFiles(kafka.saslSslBootstrap());
        connection[11] = secret("other-ca.crt");

        CliRun.Result result = korb(
                new CliRun(), "snapshot", connection, "--consumer-groups", group.name(), "--snapshot-id", "untrusted");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains("the broker's certificate is not trusted: the CA in --tls-ca-file did not sign it");
    }

    @Test
    void aCertificateForAnotherHostIsAHostnameMismatchUnlessVerificationIsSkipped() throws Exception {
        Group group = group();
        String[] connection = scram256FromFiles(kafka.wrongHostBootstrap());

        CliRun.Result mismatch = korb(
                new CliRun(), "snapshot", connection, "--consumer-groups", group.name(), "--snapshot-id", "wrong-host");
        assertThat(mismatch.exitCode()).isEqualTo(1);
        assertThat(mismatch.err()).contains("hostname mismatch");

        CliRun.Result skipped = korb(
                new CliRun(),
                "snapshot",
                connection,
                "--consumer-groups",
                group.name(),
                "--snapshot-id",
                "wrong-host",
                "--tls-skip-hostname-verification");
        assertThat(skipped.exitCode()).as(skipped.toString()).isZero();
    }

    @Test
    void aMechanismTheBrokerDoesNotOfferIsNamed() throws Exception {
        Group group = group();
        String[] connection = scram256FromFiles(kafka.saslSslBootstrap());
        connection[5] = "PLAIN";

        CliRun.Result result =
                korb(new CliRun(), "snapshot", connection, "--consumer-groups", group.name(), "--snapshot-id", "plain");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("not enabled on the broker");
    }

    @Test
    void missingCredentialFilesAreInvalidInputNamingTheFile() {
        CliRun.Result missing = korb(
                new CliRun(),
                "snapshot",
                "--bootstrap-servers",
                kafka.saslSslBootstrap(),
                "--security-protocol",
                "SASL_SSL",
                "--sasl-mechanism",
                "SCRAM-SHA-256",
                "--sasl-username-file",
                secret("username"),
                "--sasl-password-file",
                "/no/such/password",
                "--consumer-groups",
                "g",
                "--snapshot-id",
                "x");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--sasl-password-file /no/such/password does not exist");

        String[] usernameAsCa = scram256FromFiles(kafka.saslSslBootstrap());
        usernameAsCa[11] = secret("username");
        CliRun.Result notPem =
                korb(new CliRun(), "snapshot", usernameAsCa, "--consumer-groups", "g", "--snapshot-id", "x");
        assertThat(notPem.exitCode()).isEqualTo(2);
        assertThat(notPem.err()).contains("does not hold a PEM certificate").doesNotContain(SecureKafka.ALICE + "\n");

        CliRun.Result noPassword = korb(
                new CliRun(),
                "snapshot",
                "--bootstrap-servers",
                kafka.saslSslBootstrap(),
                "--security-protocol",
                "SASL_SSL",
                "--sasl-mechanism",
                "SCRAM-SHA-256",
                "--sasl-username-file",
                secret("username"),
                "--consumer-groups",
                "g",
                "--snapshot-id",
                "x");
        assertThat(noPassword.exitCode()).isEqualTo(2);
        assertThat(noPassword.err()).contains("KORB_SASL_PASSWORD");
    }

    @Test
    void aCommandConfigFileCarriesAnyClientSetting() throws Exception {
        Path config = secrets.resolve("client.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "security.protocol=SASL_SSL",
                        "sasl.mechanism=SCRAM-SHA-512",
                        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\\\""
                                + SecureKafka.BOB + "\\\" password=\\\"" + SecureKafka.BOB_PASSWORD + "\\\";",
                        "ssl.truststore.type=PEM",
                        "ssl.truststore.location=" + secret("ca.crt")));

        workflow(new CliRun(), new String[] {
            "--bootstrap-servers",
            kafka.saslSslBootstrap(),
            "--security-protocol",
            "SASL_SSL",
            "--command-config",
            config.toString()
        });
    }
}
