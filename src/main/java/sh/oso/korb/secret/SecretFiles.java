package sh.oso.korb.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import sh.oso.korb.error.InvalidInputException;

/**
 * Reads files mounted from a Kubernetes Secret (credentials, PEM material). Errors name the option and the
 * file, never the content, and say what to check in the mount.
 */
public final class SecretFiles {

    private SecretFiles() {}

    /** The file's content, without the trailing newline a Secret's value often has. */
    public static Secret read(Path file, String option) {
        try {
            return Secret.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(option + " " + file + " does not exist: check the Secret's mount path");
        } catch (AccessDeniedException e) {
            throw new InvalidInputException(option + " " + file + " cannot be read (permission denied): check the"
                    + " Secret volume's defaultMode and the pod's fsGroup");
        } catch (IOException e) {
            throw new InvalidInputException(
                    option + " " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
    }
}
