package sh.oso.korb.secret;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import sh.oso.korb.error.InvalidInputException;

/**
 * PEM files for the Kafka client's TLS settings, read the way Kafka's PEM key store reads them (certificates as
 * X.509; one private key as PKCS#8, RSA, DSA or EC, decrypted with {@code ssl.key.password} when that is set), so
 * that a file the client could not use is refused before the client is created, naming the option, the file and
 * the problem, where the client itself would only say "Failed to create new NetworkClient". Errors describe a
 * block by its label and position, never by its content.
 */
public final class PemFiles {

    /** Turns any private key openssl reads (PKCS#1, SEC1, encrypted PKCS#8) into the unencrypted PKCS#8 Kafka reads. */
    public static final String TO_PKCS8 = "openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem";

    /** Labels are upper-case words; a "label" of anything else is not echoed, as it may be content. */
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,40})-----");

    private static final Pattern HEADER = Pattern.compile("\\A(\\s*[^\\r\\n:]+:[^\\r\\n]*\\R)+");

    /** The key types Kafka's PEM key store tries. */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "DSA", "EC");

    /** One PEM block: its label and the text between its BEGIN and END lines. */
    private record Block(String label, String body) {

        /** Kafka takes every block labelled "...CERTIFICATE..." as a certificate, "...PRIVATE KEY..." as a key. */
        boolean isCertificate() {
            return label.contains("CERTIFICATE");
        }

        boolean isPrivateKey() {
            return label.contains("PRIVATE KEY");
        }
    }

    private PemFiles() {}

    /** A file of PEM certificates (a CA bundle, a client certificate chain), each one readable as X.509. */
    public static Secret certificates(Path file, String option) {
        Secret content = SecretFiles.read(file, option);
        List<Block> blocks = blocks(content.reveal(), file, option);
        List<Block> certificates = blocks.stream().filter(Block::isCertificate).toList();
        if (certificates.isEmpty()) {
            boolean key = blocks.stream().anyMatch(Block::isPrivateKey);
            throw new InvalidInputException(option + " " + file
                    + " does not hold a PEM certificate (-----BEGIN CERTIFICATE-----)"
                    + (key ? " but a private key: point it at the certificate's file" : ""));
        }
        CertificateFactory x509 = x509();
        for (int i = 0; i < certificates.size(); i++) {
            Block certificate = certificates.get(i);
            String what = "certificate " + (i + 1) + " of " + certificates.size()
                    + (certificate.label().equals("CERTIFICATE")
                            ? ""
                            : " (-----BEGIN " + certificate.label() + "-----)");
            byte[] der = decode(certificate, file, option, what);
            try {
                x509.generateCertificate(new ByteArrayInputStream(der));
            } catch (CertificateException e) {
                throw new InvalidInputException(option + " " + file + ": " + what
                        + " is not an X.509 certificate: copy the file again from its source");
            }
        }
        return content;
    }

    /**
     * A file holding the one private key of a client certificate: unencrypted PKCS#8, or encrypted PKCS#8 when
     * {@code password} (Kafka's {@code ssl.key.password}) is given, as Kafka requires.
     */
    public static Secret privateKey(Path file, String option, Optional<Secret> password) {
        Secret content = SecretFiles.read(file, option);
        List<Block> blocks = blocks(content.reveal(), file, option);
        List<Block> keys = blocks.stream().filter(Block::isPrivateKey).toList();
        String named = option + " " + file;
        if (keys.isEmpty()) {
            boolean certificate = blocks.stream().anyMatch(Block::isCertificate);
            throw new InvalidInputException(named + " does not hold a PEM private key (-----BEGIN PRIVATE KEY-----)"
                    + (certificate ? " but a certificate: point it at the key's file" : ""));
        }
        if (keys.size() > 1) {
            throw new InvalidInputException(named + " holds " + keys.size()
                    + " private keys: Kafka takes one, the key of the client certificate");
        }
        Block key = keys.get(0);
        PKCS8EncodedKeySpec spec = switch (key.label()) {
            case "PRIVATE KEY" -> {
                if (password.isPresent()) {
                    throw new InvalidInputException(named + " is not encrypted, but --command-config sets"
                            + " ssl.key.password: remove ssl.key.password");
                }
                yield new PKCS8EncodedKeySpec(decode(key, file, option, "its private key"));
            }
            case "ENCRYPTED PRIVATE KEY" -> decrypt(key, file, option, password);
            case "RSA PRIVATE KEY" -> throw notPkcs8(named + " holds a PKCS#1 RSA key", key);
            case "EC PRIVATE KEY" -> throw notPkcs8(named + " holds an SEC1 EC key", key);
            default -> throw notPkcs8(named + " holds a key in another format", key);
        };
        if (KEY_ALGORITHMS.stream().noneMatch(algorithm -> reads(algorithm, spec))) {
            throw new InvalidInputException(named + " is not an RSA, DSA or EC private key in PKCS#8 form (what"
                    + " Kafka reads): the file is corrupt, or holds another type of key");
        }
        return content;
    }

    private static InvalidInputException notPkcs8(String problem, Block key) {
        return new InvalidInputException(problem + " (-----BEGIN " + key.label() + "-----); Kafka reads PKCS#8 keys"
                + " (-----BEGIN PRIVATE KEY-----): convert it with " + TO_PKCS8);
    }

    /** Decrypts as Kafka does: the JDK's cipher named by the key, with ssl.key.password. */
    private static PKCS8EncodedKeySpec decrypt(Block key, Path file, String option, Optional<Secret> password) {
        String named = option + " " + file;
        if (password.isEmpty()) {
            throw new InvalidInputException(named + " holds an encrypted key (-----BEGIN ENCRYPTED PRIVATE KEY-----):"
                    + " store it unencrypted in the Secret (" + TO_PKCS8 + " asks for its passphrase)");
        }
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(decode(key, file, option, "its private key"));
        } catch (IOException e) {
            throw new InvalidInputException(named + " is corrupt: its encrypted private key is not PKCS#8");
        }
        String cannot = named + " cannot be decrypted with ssl.key.password from --command-config";
        try {
            SecretKeyFactory keys = SecretKeyFactory.getInstance(info.getAlgName());
            Cipher cipher = Cipher.getInstance(info.getAlgName());
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    keys.generateSecret(new PBEKeySpec(password.get().reveal().toCharArray())),
                    info.getAlgParameters());
            return info.getKeySpec(cipher);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new InvalidInputException(cannot + ": Java cannot decrypt its cipher " + info.getAlgName()
                    + " (OpenSSL 3 encrypts with PBES2 by default): store it unencrypted in the Secret (" + TO_PKCS8
                    + ")");
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException(cannot + ": a wrong password, or a corrupt key");
        }
    }

    private static boolean reads(String algorithm, PKCS8EncodedKeySpec spec) {
        try {
            KeyFactory.getInstance(algorithm).generatePrivate(spec);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static List<Block> blocks(String content, Path file, String option) {
        List<Block> blocks = new ArrayList<>();
        Matcher begin = BEGIN.matcher(content);
        int from = 0;
        while (begin.find(from)) {
            String label = begin.group(1);
            String endLine = "-----END " + label + "-----";
            int end = content.indexOf(endLine, begin.end());
            if (end < 0) {
                throw new InvalidInputException(option + " " + file + " is cut short: -----BEGIN " + label
                        + "----- has no " + endLine + " line: copy the file again from its source");
            }
            blocks.add(new Block(label, content.substring(begin.end(), end)));
            from = end + endLine.length();
        }
        return blocks;
    }

    /** The block's bytes; headers such as "Proc-Type: 4,ENCRYPTED" are skipped, as Kafka skips them. */
    private static byte[] decode(Block block, Path file, String option, String what) {
        String base64 = HEADER.matcher(block.body()).replaceFirst("").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(option + " " + file + " is corrupt: the body of " + what
                    + " is not base64: copy the file again from its source");
        }
    }

    private static CertificateFactory x509() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("every Java runtime reads X.509 certificates", e);
        }
    }
}
