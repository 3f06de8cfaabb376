package sh.oso.korb.testing;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificate authorities and certificates made by the tests, as the PEM text a Kubernetes Secret holds. */
public final class TestCertificates {

    /** A certificate and its unencrypted PKCS#8 private key, both PEM. */
    public record Issued(String certificatePem, String privateKeyPem) {}

    /** A self-signed CA that issues certificates. */
    public static final class Authority {
        private final X500Name name;
        private final KeyPair keys;
        private final X509Certificate certificate;

        private Authority(X500Name name, KeyPair keys, X509Certificate certificate) {
            this.name = name;
            this.keys = keys;
            this.certificate = certificate;
        }

        public String certificatePem() {
            return pem(certificate);
        }

        /** A certificate for {@code commonName}, valid for the given DNS names (and 127.0.0.1 when listed). */
        public Issued issue(String commonName, String... dnsNames) {
            try {
                KeyPair subjectKeys = rsa();
                GeneralName[] names = new GeneralName[dnsNames.length];
                for (int i = 0; i < dnsNames.length; i++) {
                    names[i] = dnsNames[i].matches("[0-9.]+")
                            ? new GeneralName(GeneralName.iPAddress, dnsNames[i])
                            : new GeneralName(GeneralName.dNSName, dnsNames[i]);
                }
                X509v3CertificateBuilder builder = builder(name, new X500Name("CN=" + commonName), subjectKeys);
                if (names.length > 0) {
                    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
                }
                X509Certificate issued = sign(builder, keys);
                return new Issued(pem(issued), pem(new JcaPKCS8Generator(subjectKeys.getPrivate(), null)));
            } catch (Exception e) {
                throw new IllegalStateException("could not issue a test certificate", e);
            }
        }
    }

    private TestCertificates() {}

    public static Authority authority(String commonName) {
        try {
            KeyPair keys = rsa();
            X500Name name = new X500Name("CN=" + commonName);
            X509v3CertificateBuilder builder = builder(name, name, keys);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            return new Authority(name, keys, sign(builder, keys));
        } catch (Exception e) {
            throw new IllegalStateException("could not create a test CA", e);
        }
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, new SecureRandom());
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(new SecureRandom().nextInt(1_000_000))),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                subject,
                subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (Exception e) {
            throw new IllegalStateException("could not write PEM", e);
        }
        return text.toString();
    }
}
