package sh.oso.korb.storage;

import com.google.auth.oauth2.GoogleCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.secret.Secret;
import sh.oso.korb.secret.SecretFiles;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;

/**
 * The credentials a cloud client takes from a key of the mounted cloud Secret ({@code --cloud-credentials-dir}),
 * checked before the client is built. A key the user can fix (not the format its client reads, no default
 * profile) is one line naming the file and what it should hold, exit 2, instead of a library exception or a
 * failure at the first request. The messages name the file, never its content.
 */
final class CloudCredentials {

    static final String OPTION = "--cloud-credentials-dir";
    static final String AWS_PROFILE = "default";

    /** The AWS profile parser's own wording names the line, which helps and holds nothing of the content. */
    private static final Pattern LINE = Pattern.compile("on line (\\d+)");

    private CloudCredentials() {}

    /** The {@code default} profile of an AWS shared credentials file. */
    static AwsCredentialsProvider aws(Path file) {
        ProfileFile profiles;
        try {
            profiles = ProfileFile.builder()
                    .content(read(file).reveal())
                    .type(ProfileFile.Type.CREDENTIALS)
                    .build();
        } catch (RuntimeException e) {
            throw invalid(
                    file,
                    "is not an AWS shared credentials file" + lineOf(e) + ": expected a [" + AWS_PROFILE
                            + "] profile with " + ProfileProperty.AWS_ACCESS_KEY_ID + " = ... and "
                            + ProfileProperty.AWS_SECRET_ACCESS_KEY + " = ... lines");
        }
        Profile profile = profiles.profile(AWS_PROFILE)
                .orElseThrow(() -> invalid(file, "has no [" + AWS_PROFILE + "] profile, the only one korb reads"));
        boolean keyId = profile.property(ProfileProperty.AWS_ACCESS_KEY_ID).isPresent();
        boolean secretKey =
                profile.property(ProfileProperty.AWS_SECRET_ACCESS_KEY).isPresent();
        if (keyId != secretKey) {
            throw invalid(
                    file,
                    "has only one half of a key in its [" + AWS_PROFILE + "] profile: set both "
                            + ProfileProperty.AWS_ACCESS_KEY_ID + " and " + ProfileProperty.AWS_SECRET_ACCESS_KEY);
        }
        return ProfileCredentialsProvider.builder()
                .profileFile(profiles)
                .profileName(AWS_PROFILE)
                .build();
    }

    /** A Google service account key in JSON. */
    static GoogleCredentials google(Path file) {
        byte[] key = read(file).reveal().getBytes(StandardCharsets.UTF_8);
        try (InputStream in = new ByteArrayInputStream(key)) {
            return GoogleCredentials.fromStream(in);
        } catch (IOException | RuntimeException e) {
            // Only the parser's complaint class: its message may quote the key.
            throw invalid(
                    file, "is not a Google service account key (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A key of the mounted cloud Secret, read as every mounted secret file is read. */
    static Secret read(Path file) {
        return SecretFiles.read(file, OPTION);
    }

    private static InvalidInputException invalid(Path file, String problem) {
        return new InvalidInputException(OPTION + " " + file + " " + problem);
    }

    private static String lineOf(RuntimeException e) {
        Matcher line = LINE.matcher(Optional.ofNullable(e.getMessage()).orElse(""));
        return line.find() ? " (line " + line.group(1) + ")" : "";
    }
}
