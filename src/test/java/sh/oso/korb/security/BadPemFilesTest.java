package sh.oso.korb.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.SecureKafka;

/**
 * PEM files the Kafka client cannot use are refused before it is created (exit 2, InvalidInput), naming the option,
 * the file and the problem, never quoting the key. Each file is made as a real tool makes it (the client key in
 * another encoding, a body cut or mangled), and the good ones connect to the broker's mutual-TLS listener.
 */
class BadPemFilesTest {

    private static final SecureKafka kafka = SecureKafka.shared();
    private static final String CONVERT = "openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem";
    private static Path secrets;
    private static PrivateKey clientKey;

    @TempDir
    Path work;

    @BeforeAll
    static void material() throws Exception {
        secrets = BrokerSecrets.write(kafka);
        clientKey = KeyFactory.getInstance("RSA")
                .generatePrivate(
                        new PKCS8EncodedKeySpec(body(kafka.clientCertificate().privateKeyPem())));
    }

    @Test
    void aPkcs1KeyIsNamedWithTheCommandThatConvertsIt() throws Exception {
        // BouncyCastle writes an RSA key as PKCS#1, as openssl rsa -traditional does
        Path key = file("pkcs1.key", pem(clientKey));

        refusedWithTheConversion(key, "RSA PRIVATE KEY", "a PKCS#1 RSA key");
    }

    @Test
    void anSec1EcKeyIsNamedWithTheSameCommand() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        Path key = file("sec1.key", pem(generator.generateKeyPair().getPrivate()));

        refusedWithTheConversion(key, "EC PRIVATE KEY", "an SEC1 EC key");
    }

    private void refusedWithTheConversion(Path key, String label, String problem) throws Exception {
        assertThat(Files.readString(key)).startsWith("-----BEGIN " + label + "-----");

        CliRun.Result result = mutualTls("--tls-key-file", key);

        refused(result, key, "--tls-key-file " + key + " holds " + problem + " (-----BEGIN " + label + "-----)");
        assertThat(result.err()).contains("convert it with " + CONVERT);
    }

    @Test
    void aKeyWhoseBodyIsNotBase64IsCorrupt() throws Exception {
        String good = kafka.clientCertificate().privateKeyPem();
        String[] lines = good.split("\n");
        lines[3] = lines[3].substring(0, 10) + "*?!" + lines[3].substring(13);
        Path key = file("corrupt.key", String.join("\n", lines));

        CliRun.Result result = mutualTls("--tls-key-file", key);

        refused(result, key, "--tls-key-file " + key + " is corrupt: the body of its private key is not base64");
    }

    @Test
    void aKeyCutShortIsNamed() throws Exception {
        String good = kafka.clientCertificate().privateKeyPem();
        Path key = file("cut.key", good.substring(0, good.length() / 2));

        CliRun.Result result = mutualTls("--tls-key-file", key);

        refused(result, key, "--tls-key-file " + key + " is cut short: -----BEGIN PRIVATE KEY----- has no -----END");
    }

    @Test
    void aKeyWhoseBase64IsNoKeyIsNamed() throws Exception {
        Path key = file(
                "not-a-key.key",
                "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(new byte[300])
                        + "\n-----END PRIVATE KEY-----\n");

        CliRun.Result result = mutualTls("--tls-key-file", key);

        refused(result, key, "--tls-key-file " + key + " is not an RSA, DSA or EC private key in PKCS#8 form");
    }

    @Test
    void aCertificateFileThatHoldsAKeyIsNamed() throws Exception {
        Path certificate = secrets.resolve("tls.key");

        CliRun.Result result = mutualTls("--tls-cert-file", certificate);

        refused(
                result,
                certificate,
                "--tls-cert-file " + certificate + " does not hold a PEM certificate (-----BEGIN CERTIFICATE-----)"
                        + " but a private key");
    }

    @Test
    void aCertificateWhoseBodyIsNotACertificateIsNamed() throws Exception {
        Path certificate = file(
                "not-a-certificate.crt",
                "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString("hello".repeat(40).getBytes()) + "\n-----END CERTIFICATE-----\n");

        CliRun.Result result = mutualTls("--tls-cert-file", certificate);

        refused(result, certificate, "--tls-cert-file " + certificate + ": certificate 1 of 1 is not an X.509");
    }

    @Test
    void aCaFileWithACorruptSecondCertificateIsNamed() throws Exception {
        String ca = kafka.ca().certificatePem();
        String corrupt = ca.replaceFirst("\n[A-Za-z0-9+/]{8}", "\n-_-_-_-_");
        Path bundle = file("bundle.crt", ca + corrupt);

        CliRun.Result result = mutualTls("--tls-ca-file", bundle);

        refused(
                result,
                bundle,
                "--tls-ca-file " + bundle + " is corrupt: the body of certificate 2 of 2 is not base64");
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheCommandThatDecryptsIt() throws Exception {
        Path key = file("encrypted.key", encrypted(PKCS8Generator.AES_256_CBC, "key-Pa55"));

        CliRun.Result result = mutualTls("--tls-key-file", key);

        refused(
                result,
                key,
                "--tls-key-file " + key + " holds an encrypted key (-----BEGIN ENCRYPTED PRIVATE KEY-----)");
        assertThat(result.err()).contains(CONVERT);
    }

    @Test
    void anEncryptedKeyJavaCannotDecryptIsNamedEvenWithItsPassword() throws Exception {
        // OpenSSL 3 encrypts with PBES2 (AES-256-CBC) by default; Java 17's EncryptedPrivateKeyInfo cannot decrypt it
        Path key = file("pbes2.key", encrypted(PKCS8Generator.AES_256_CBC, "key-Pa55"));

        CliRun.Result result = mutualTlsWithKeyPassword(key, "key-Pa55");

        refused(result, key, "--tls-key-file " + key + " cannot be decrypted with ssl.key.password");
        assertThat(result.err()).contains(CONVERT).doesNotContain("key-Pa55");
    }

    @Test
    void anEncryptedKeyWithTheWrongPasswordIsNamed() throws Exception {
        Path key = file("3des.key", encrypted(PKCS8Generator.PBE_SHA1_3DES, "key-Pa55"));

        CliRun.Result result = mutualTlsWithKeyPassword(key, "not-the-Pa55");

        refused(result, key, "--tls-key-file " + key + " cannot be decrypted with ssl.key.password");
        assertThat(result.err()).contains("wrong password").doesNotContain("Pa55");
    }

    @Test
    void anEncryptedKeyJavaCanDecryptStillWorksWithItsPasswordFromTheCommandConfig() throws Exception {
        Path key = file("3des-ok.key", encrypted(PKCS8Generator.PBE_SHA1_3DES, "key-Pa55"));

        CliRun.Result result = mutualTlsWithKeyPassword(key, "key-Pa55");

        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    /** A snapshot over mutual TLS with the good files, {@code file} given to {@code option} instead. */
    private CliRun.Result mutualTls(String option, Path file, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "snapshot",
                "--bootstrap-servers",
                kafka.mutualTlsBootstrap(),
                "--security-protocol",
                "SSL",
                "--tls-ca-file",
                secrets.resolve("ca.crt").toString(),
                "--tls-cert-file",
                secrets.resolve("tls.crt").toString(),
                "--tls-key-file",
                secrets.resolve("tls.key").toString(),
                "--consumer-groups",
                "pem-test",
                "--allow-empty-groups",
                "--snapshot-id",
                "pem",
                "--pvc-path",
                work.resolve("store").toString(),
                "--timeout",
                "15s"));
        args.set(args.indexOf(option) + 1, file.toString());
        args.addAll(List.of(more));
        return CliRun.korb(args.toArray(String[]::new));
    }

    private void refused(CliRun.Result result, Path file, String message) throws Exception {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).as(result.toString()).contains(message).doesNotContain("NetworkClient");
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("-----") && line.length() > 8) {
                assertThat(result.err()).doesNotContain(line.substring(0, 8));
            }
        }
        assertThat(work.resolve("store").resolve("pem.json")).doesNotExist();
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(work.resolve(name), content);
    }

    /** Mutual TLS with {@code key}, its password set as ssl.key.password in --command-config. */
    private CliRun.Result mutualTlsWithKeyPassword(Path key, String password) throws Exception {
        Path config = file("key-password.properties", "ssl.key.password=" + password + "\n");
        return mutualTls("--tls-key-file", key, "--command-config", config.toString());
    }

    private static String encrypted(org.bouncycastle.asn1.ASN1ObjectIdentifier algorithm, String password)
            throws Exception {
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(algorithm)
                .setProvider(new BouncyCastleProvider()) // AES/CBC/PKCS7Padding; not registered for the JVM
                .setPassword(password.toCharArray())
                .build();
        return pem(new JcaPKCS8Generator(clientKey, encryptor));
    }

    private static String pem(Object object) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static byte[] body(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
