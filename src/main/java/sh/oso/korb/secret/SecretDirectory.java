package sh.oso.korb.secret;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import sh.oso.korb.error.InvalidInputException;

/**
 * A Kubernetes Secret mounted as a directory, one file per key. Tekton and Argo mount optional Secrets as
 * workspaces or volumes: an unbound Tekton workspace's path is empty and an optional Secret volume whose
 * Secret does not exist is an empty directory; both mean "no Secret", which a file option could not tell.
 *
 * @param directory where the Secret is mounted
 * @param option    the option that named it, for error messages
 */
public record SecretDirectory(Path directory, String option) {

    private static final String NO_KEYS = "none";

    public SecretDirectory {
        if (!Files.isDirectory(directory)) {
            throw new InvalidInputException(option + " " + directory + " is not a directory: mount the Secret there"
                    + " or leave the option empty");
        }
    }

    /** The Secret mounted at {@code directory}; empty when the option is unset or the directory is empty. */
    public static Optional<SecretDirectory> mounted(Path directory, String option) {
        if (directory == null) {
            return Optional.empty();
        }
        SecretDirectory secret = new SecretDirectory(directory, option);
        return secret.keys().equals(NO_KEYS) ? Optional.empty() : Optional.of(secret);
    }

    /** The file holding {@code key}, when the Secret has that key. */
    public Optional<Path> entry(String key) {
        Path file = directory.resolve(key);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** The file holding {@code key}; a clear error naming the keys the Secret does have when it lacks it. */
    public Path requiredEntry(String key, String purpose) {
        return entry(key)
                .orElseThrow(() -> new InvalidInputException(
                        option + " " + directory + " has no key '" + key + "' (" + purpose + "); its keys: " + keys()));
    }

    /** The key names only (never contents), skipping the {@code ..data} links Kubernetes adds. */
    public String keys() {
        try (Stream<Path> files = Files.list(directory)) {
            String names = files.map(file -> file.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .sorted()
                    .collect(Collectors.joining(", "));
            return names.isEmpty() ? NO_KEYS : names;
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
