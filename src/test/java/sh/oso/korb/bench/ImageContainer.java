package sh.oso.korb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import sh.oso.korb.image.StepCommand;

/**
 * One working container of the built image (tools/image/build), made with {@code buildah from} for a whole run and
 * removed at its end, so that each timed run pays for {@code buildah run} as a step pays for its container, not for
 * copying the image's layers.
 *
 * @param image the image, localhost/korb:<the jar's version>
 * @param name  the working container's name
 */
record ImageContainer(String image, String name) {

    /** buildah's settings for tools/image/*: the vfs storage the image was built into, chroot isolation. */
    static final Map<String, String> BUILDAH = Map.of(
            "CONTAINERS_STORAGE_CONF",
            Path.of("tools/image/storage.conf").toAbsolutePath().toString(),
            "BUILDAH_ISOLATION",
            "chroot");

    /** What tools/image/build tags the image of {@code jar} as: localhost/korb:<version in pom.xml>. */
    static String imageOf(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return "localhost/korb:" + file.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
    }

    /** A working container of {@code image}, or none when there is no such image (or no buildah). */
    static Optional<ImageContainer> open(String image, Path work) throws InterruptedException {
        try {
            ChildProcess.Result from = buildah(work, "from", "--pull-never", image);
            return from.exitCode() == 0
                    ? Optional.of(new ImageContainer(
                            image, Files.readString(from.stdout()).trim()))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no buildah on this machine: as good as no image
        }
    }

    /** What the table says in the image's column when {@link #open} found none. */
    static String notMeasured(String image) {
        return "not measured: no image " + image + " (tools/image/build)";
    }

    /**
     * {@code korb} in the container as a Tekton step runs it: uid 10001, the host's network, {@code snapshots}
     * mounted at the same path, so that --pvc-path and the benchmark's checks name one directory.
     */
    List<String> korb(Path snapshots) {
        return StepCommand.korb(name, Map.of(snapshots.toString(), snapshots.toString()), Map.of());
    }

    void remove(Path work) throws IOException, InterruptedException {
        ChildProcess.Result removed = buildah(work, "rm", name);
        if (removed.exitCode() != 0) {
            System.err.println("could not remove the working container " + name + ": " + removed.describe());
        }
    }

    private static ChildProcess.Result buildah(Path work, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("buildah"));
        command.addAll(List.of(args));
        return ChildProcess.run(command, BUILDAH, work, "buildah-" + args[0]);
    }
}
