package sh.oso.korb.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.secret.PemFiles;
import sh.oso.korb.secret.Secret;

/**
 * Turns korb's security options into Kafka client properties. Credentials come from files (mounted Secrets)
 * or the environment, never from flags; PEM material is passed to the client as PEM values, so no keystore
 * file is ever written. The resulting properties hold secrets: {@link KafkaConfig} never prints them.
 */
public final class KafkaSecurity {

    static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    /**
     * The security settings, as read from flags and environment.
     *
     * @param protocol             PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
     * @param mechanism            the SASL mechanism, for SASL protocols
     * @param username             the SASL user (not secret: named in errors)
     * @param password             the SASL password
     * @param caFile               PEM certificates the broker's certificate must chain to
     * @param certFile             PEM client certificate chain, for mutual TLS
     * @param keyFile              PEM (unencrypted PKCS#8) client private key, for mutual TLS
     * @param verifyHostname       whether the broker's certificate must name the host connected to
     * @param commandConfig        a Kafka client properties file for anything else (OAUTHBEARER, ...)
     */
    public record Options(
            String protocol,
            Optional<String> mechanism,
            Optional<String> username,
            Optional<Secret> password,
            Optional<Path> caFile,
            Optional<Path> certFile,
            Optional<Path> keyFile,
            boolean verifyHostname,
            Optional<Path> commandConfig) {}

    private KafkaSecurity() {}

    /** The client properties for these options; the command-config file first, korb's options over it. */
    public static Map<String, String> clientProperties(Options options) {
        Map<String, String> props = new HashMap<>();
        options.commandConfig().ifPresent(file -> props.putAll(readProperties(file)));
        String protocol = options.protocol().toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new InvalidInputException("--security-protocol '" + options.protocol()
                    + "' is unknown: use PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
        }
        if (!protocol.equals("PLAINTEXT") || !props.containsKey("security.protocol")) {
            props.put("security.protocol", protocol);
        }
        if (protocol.startsWith("SASL_")) {
            sasl(options, props);
        }
        if (protocol.endsWith("SSL")) {
            tls(options, props);
        }
        return props;
    }

    /** e.g. "user alice with SCRAM-SHA-256", for authentication errors; empty without SASL. */
    public static String identity(Options options) {
        return options.protocol().toUpperCase(Locale.ROOT).startsWith("SASL_")
                ? "user " + options.username().orElse("?") + " with "
                        + options.mechanism().orElse("?")
                : "";
    }

    private static void sasl(Options options, Map<String, String> props) {
        if (props.containsKey("sasl.jaas.config") && options.username().isEmpty()) {
            return; // credentials and mechanism come from --command-config (e.g. OAUTHBEARER)
        }
        String mechanism = options.mechanism()
                .map(value -> value.toUpperCase(Locale.ROOT))
                .orElseThrow(() -> new InvalidInputException("--sasl-mechanism is required with --security-protocol "
                        + options.protocol() + ": PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"));
        if (!MECHANISMS.contains(mechanism)) {
            throw new InvalidInputException("--sasl-mechanism '" + mechanism + "' is unknown: use PLAIN,"
                    + " SCRAM-SHA-256 or SCRAM-SHA-512 (others through --command-config)");
        }
        String username = options.username()
                .orElseThrow(() -> new InvalidInputException("a SASL username is"
                        + " required: --sasl-username-file FILE or the environment variable KORB_SASL_USERNAME"));
        Secret password = options.password()
                .orElseThrow(() -> new InvalidInputException("a SASL password is"
                        + " required: --sasl-password-file FILE or the environment variable KORB_SASL_PASSWORD"));
        String module = mechanism.equals("PLAIN")
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        props.put("sasl.mechanism", mechanism);
        props.put(
                "sasl.jaas.config",
                module + " required username=\"" + jaasEscape(username) + "\" password=\""
                        + jaasEscape(password.reveal()) + "\";");
    }

    private static void tls(Options options, Map<String, String> props) {
        options.caFile().ifPresent(file -> {
            props.put("ssl.truststore.type", "PEM");
            props.put(
                    "ssl.truststore.certificates",
                    PemFiles.certificates(file, "--tls-ca-file").reveal());
        });
        if (options.certFile().isPresent() != options.keyFile().isPresent()) {
            throw new InvalidInputException("mutual TLS needs both --tls-cert-file and --tls-key-file");
        }
        if (options.certFile().isPresent()) {
            // an encrypted key's password can only come from --command-config
            Optional<Secret> keyPassword =
                    Optional.ofNullable(props.get("ssl.key.password")).map(Secret::of);
            props.put("ssl.keystore.type", "PEM");
            props.put(
                    "ssl.keystore.certificate.chain",
                    PemFiles.certificates(options.certFile().get(), "--tls-cert-file")
                            .reveal());
            props.put(
                    "ssl.keystore.key",
                    PemFiles.privateKey(options.keyFile().get(), "--tls-key-file", keyPassword)
                            .reveal());
        }
        props.put("ssl.endpoint.identification.algorithm", options.verifyHostname() ? "https" : "");
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("--command-config " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("--command-config " + file + " cannot be read as Kafka client properties: "
                    + e.getClass().getSimpleName());
        }
        Map<String, String> props = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> props.put(name, properties.getProperty(name)));
        return props;
    }

    private static String jaasEscape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
