package sh.oso.korb.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import sh.oso.korb.testing.SecureKafka;
import sh.oso.korb.testing.TestCertificates;

/**
 * The files a mounted Kubernetes Secret gives korb for the shared secure broker, in a fresh directory: the CA,
 * the client certificate and key, alice's username and password (with the trailing newline a Secret's value
 * often has), a wrong password and the certificate of a CA that signed nothing of the broker's.
 */
final class BrokerSecrets {

    private BrokerSecrets() {}

    static Path write(SecureKafka kafka) throws IOException {
        Path secrets = Files.createTempDirectory("secrets");
        Files.writeString(secrets.resolve("ca.crt"), kafka.ca().certificatePem());
        Files.writeString(secrets.resolve("tls.crt"), kafka.clientCertificate().certificatePem());
        Files.writeString(secrets.resolve("tls.key"), kafka.clientCertificate().privateKeyPem());
        Files.writeString(secrets.resolve("username"), SecureKafka.ALICE + "\n");
        Files.writeString(secrets.resolve("password"), SecureKafka.ALICE_PASSWORD + "\n");
        Files.writeString(secrets.resolve("wrong-password"), "not-the-password");
        Files.writeString(
                secrets.resolve("other-ca.crt"),
                TestCertificates.authority("another CA").certificatePem());
        return secrets;
    }
}
