package sh.oso.korb.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.kafka.KafkaConfig;
import sh.oso.korb.kafka.KafkaSecurity;
import sh.oso.korb.secret.Secret;
import sh.oso.korb.secret.SecretDirectory;
import sh.oso.korb.secret.SecretFiles;

/**
 * How to reach Kafka; shared by the commands that talk to it. SASL credentials come from files or from the
 * environment variables KORB_SASL_USERNAME and KORB_SASL_PASSWORD: there is deliberately no flag for them,
 * because flags end up in process listings, shell history and PipelineRun specs.
 */
final class KafkaOptions {

    static final String USERNAME_VARIABLE = "KORB_SASL_USERNAME";
    static final String PASSWORD_VARIABLE = "KORB_SASL_PASSWORD";

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers, comma-separated (env KORB_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Deadline of each Kafka request, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "32",
            description = "Groups whose offsets are committed at once during rollback (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--security-protocol",
            paramLabel = "PROTOCOL",
            defaultValue = "PLAINTEXT",
            description = "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (default: ${DEFAULT-VALUE}).")
    String securityProtocol;

    @Option(
            names = "--sasl-mechanism",
            paramLabel = "MECHANISM",
            description = "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (others through --command-config).")
    String saslMechanism;

    @Option(
            names = "--sasl-username-file",
            paramLabel = "FILE",
            description = "File holding the SASL username (or env KORB_SASL_USERNAME).")
    Path saslUsernameFile;

    @Option(
            names = "--sasl-password-file",
            paramLabel = "FILE",
            description = "File holding the SASL password (or env KORB_SASL_PASSWORD); never a flag value.")
    Path saslPasswordFile;

    @Option(
            names = "--tls-ca-file",
            paramLabel = "FILE",
            description =
                    "PEM certificate(s) of the CA that signed the brokers' certificates (e.g. a Secret's ca.crt).")
    Path tlsCaFile;

    @Option(names = "--tls-cert-file", paramLabel = "FILE", description = "PEM client certificate, for mutual TLS.")
    Path tlsCertFile;

    @Option(
            names = "--tls-key-file",
            paramLabel = "FILE",
            description = "PEM (PKCS#8) client private key, for mutual TLS.")
    Path tlsKeyFile;

    @Option(
            names = "--tls-secret-dir",
            paramLabel = "DIR",
            description = {
                "A Secret with TLS material mounted as a directory (a Tekton workspace, an Argo volume):"
                        + " its CA certificate and, for mutual TLS, its certificate and key are used when the Secret has"
                        + " them. Left empty, nothing is read. The --tls-*-file options win."
            })
    Path tlsSecretDir;

    @Option(
            names = "--tls-ca-key",
            paramLabel = "KEY",
            defaultValue = "ca.crt",
            description = "The --tls-secret-dir key holding the CA certificate (default: ${DEFAULT-VALUE}).")
    String tlsCaKey;

    @Option(
            names = "--tls-cert-key",
            paramLabel = "KEY",
            defaultValue = "tls.crt",
            description = "The --tls-secret-dir key holding the client certificate (default: ${DEFAULT-VALUE}).")
    String tlsCertKey;

    @Option(
            names = "--tls-key-key",
            paramLabel = "KEY",
            defaultValue = "tls.key",
            description = "The --tls-secret-dir key holding the client private key (default: ${DEFAULT-VALUE}).")
    String tlsKeyKey;

    @Option(
            names = "--tls-skip-hostname-verification",
            description = "Do not check that the broker's certificate names the host connected to (not recommended).")
    boolean skipHostnameVerification;

    @Option(
            names = "--command-config",
            paramLabel = "FILE",
            description = "Kafka client properties file for anything else (OAUTHBEARER, custom settings), as in"
                    + " Kafka's own tools; korb's options override it.")
    Path commandConfig;

    KafkaConfig toConfig(Map<String, String> environment) {
        // Credentials are read only when the protocol uses them, so a Tekton step can always point at an
        // optional workspace that is not bound when the cluster needs no SASL.
        String protocol = securityProtocol == null ? "" : securityProtocol.toUpperCase(Locale.ROOT);
        boolean sasl = protocol.startsWith("SASL_");
        Optional<SecretDirectory> tlsSecret =
                protocol.endsWith("SSL") ? SecretDirectory.mounted(tlsSecretDir, "--tls-secret-dir") : Optional.empty();
        tlsSecret.ifPresent(this::requireSomeTlsKey);
        KafkaSecurity.Options security = new KafkaSecurity.Options(
                securityProtocol,
                Optional.ofNullable(saslMechanism),
                sasl
                        ? credential(saslUsernameFile, "--sasl-username-file", environment.get(USERNAME_VARIABLE))
                        : Optional.empty(),
                sasl
                        ? credential(saslPasswordFile, "--sasl-password-file", environment.get(PASSWORD_VARIABLE))
                                .map(Secret::of)
                        : Optional.empty(),
                tlsFile(tlsCaFile, tlsSecret, tlsCaKey),
                tlsFile(tlsCertFile, tlsSecret, tlsCertKey),
                tlsFile(tlsKeyFile, tlsSecret, tlsKeyKey),
                !skipHostnameVerification,
                Optional.ofNullable(commandConfig));
        return new KafkaConfig(
                bootstrapServers,
                timeout,
                parallelism,
                KafkaSecurity.clientProperties(security),
                KafkaSecurity.identity(security));
    }

    private static Optional<Path> tlsFile(Path file, Optional<SecretDirectory> secret, String key) {
        return file != null ? Optional.of(file) : secret.flatMap(directory -> directory.entry(key));
    }

    /** A bound Secret with none of the expected keys is a mistake in its keys, not a request for no TLS material. */
    private void requireSomeTlsKey(SecretDirectory secret) {
        if (secret.entry(tlsCaKey).isEmpty()
                && secret.entry(tlsCertKey).isEmpty()
                && secret.entry(tlsKeyKey).isEmpty()) {
            throw new InvalidInputException("--tls-secret-dir " + secret.directory() + " has none of the keys "
                    + tlsCaKey + ", " + tlsCertKey + ", " + tlsKeyKey + " (its keys: " + secret.keys()
                    + "): set --tls-ca-key, --tls-cert-key or --tls-key-key to the Secret's key names");
        }
    }

    /** A file wins over the environment variable. */
    private static Optional<String> credential(Path file, String option, String fromEnvironment) {
        if (file != null) {
            return Optional.of(SecretFiles.read(file, option).reveal());
        }
        return Optional.ofNullable(fromEnvironment).filter(value -> !value.isBlank());
    }
}
