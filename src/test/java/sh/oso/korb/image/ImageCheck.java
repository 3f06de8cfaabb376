package sh.oso.korb.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.testing.EmbeddedKafka;

/**
 * Runs the built container image as a Tekton step runs it: {@code korb} as uid 10001, the host's network, a
 * mounted snapshot volume and results directory, against an in-JVM broker on this machine. Checks the version
 * against the image's label, a snapshot -> drift -> rollback -> verify --strict, the controller's --help, that the
 * ahead-of-time cache matches the image's JVM and jar, and that nothing was written outside /tmp. Exits non-zero
 * with the reason on the first failure; never skips. Run by tools/image/test (buildah, no Docker engine):
 * {@code java -cp <image harness> sh.oso.korb.image.ImageCheck localhost/korb:<version>}.
 */
public final class ImageCheck {

    private static final String TOPIC = "orders";
    private static final List<String> GROUPS = List.of("billing", "audit");
    private static final long RUN_LIMIT_SECONDS = 120;

    private final String container;
    private final Path work;
    private final String bootstrapServers;

    private ImageCheck(String container, Path work, String bootstrapServers) {
        this.container = container;
        this.work = work;
        this.bootstrapServers = bootstrapServers;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ImageCheck <image, e.g. localhost/korb:0.1.0>");
            System.exit(2);
        }
        String image = args[0];
        Path work = Files.createTempDirectory("korb-image-check");
        String container = null;
        int exitCode = 0;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(1)) {
            container = buildah("from", "--pull-never", image).trim();
            new ImageCheck(container, work, kafka.bootstrapServers()).check(kafka, image);
            System.out.println("image check passed: " + image);
        } catch (CheckFailed e) {
            System.err.println("image check FAILED: " + e.getMessage());
            exitCode = 1;
        } finally {
            if (container != null) {
                buildah("rm", container);
            }
        }
        System.exit(exitCode);
    }

    private void check(EmbeddedKafka kafka, String image) throws Exception {
        require(
                buildah("inspect", "--format", "{{.OCIv1.Config.User}}", image)
                        .trim()
                        .equals("10001:10001"),
                "the image's user is not 10001:10001");
        String version = buildah(
                        "inspect",
                        "--format",
                        "{{index .OCIv1.Config.Labels \"org.opencontainers.image.version\"}}",
                        image)
                .trim();
        Path pvc = writableDirectory("pvc");
        Path results = writableDirectory("results");
        FileTime before = FileTime.fromMillis(System.currentTimeMillis() - 1_000);

        Run versionRun = korb(Map.of(), "--version");
        require(
                versionRun.ok() && versionRun.output().trim().equals("korb " + version),
                "korb --version printed \"" + versionRun.output().trim() + "\", the label says " + version);
        // bin/korb itself picks the ahead-of-time cache: korb's own classes then come from it, not from the jar
        Run cached = korb(Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=/results/class-load.log"), "--version");
        Path classLoad = results.resolve("class-load.log");
        String korbLoaded;
        try (var lines = Files.lines(classLoad)) {
            korbLoaded = lines.filter(line -> line.contains(" sh.oso.korb.cli.Korb "))
                    .findFirst()
                    .orElse("no class+load line for sh.oso.korb.cli.Korb");
        }
        Files.delete(classLoad);
        require(
                cached.ok() && korbLoaded.contains("source: shared objects file"),
                "korb's classes are not loaded from the ahead-of-time cache /opt/korb/korb.aot: " + korbLoaded);

        kafka.createTopic(TOPIC, 3, 100);
        Map<String, Map<TopicPartition, Long>> before0 = offsets(10);
        kafka.commitAll(before0);
        String[] target = {"--bootstrap-servers", bootstrapServers, "--consumer-groups", String.join(",", GROUPS)};
        require(
                korb(Map.of(), join(target, "snapshot", "--snapshot-id", "s1", "--pvc-path", "/pvc"))
                        .ok(),
                "snapshot failed");
        require(Files.isRegularFile(pvc.resolve("s1.json")), "the snapshot is not in the mounted volume");
        kafka.commitAll(offsets(60));
        require(
                korb(Map.of(), join(target, "rollback", "--snapshot-id", "s1", "--pvc-path", "/pvc"))
                        .ok(),
                "rollback failed");
        require(kafka.committed(GROUPS).equals(before0), "the broker's offsets are not the snapshot's after rollback");
        Run verify = korb(
                Map.of(),
                join(
                        target,
                        "verify",
                        "--strict",
                        "--snapshot-id",
                        "s1",
                        "--pvc-path",
                        "/pvc",
                        "--results-dir",
                        "/results"));
        require(verify.ok(), "verify --strict failed");
        require(Files.readString(results.resolve("matched")).equals("true"), "verify's result matched is not true");

        Run controller = korb(Map.of(), "controller", "--help");
        require(
                controller.ok() && controller.output().contains("Usage: korb controller"),
                "korb controller --help failed");
        List<String> written = writtenOutsideTmp(before);
        require(written.isEmpty(), "korb wrote outside /tmp and the mounts (a read-only root would fail): " + written);
    }

    /** The offsets of one generation: different for every group and partition. */
    private static Map<String, Map<TopicPartition, Long>> offsets(long base) {
        Map<String, Map<TopicPartition, Long>> offsets = new java.util.HashMap<>();
        for (int g = 0; g < GROUPS.size(); g++) {
            Map<TopicPartition, Long> group = new java.util.HashMap<>();
            for (TopicPartition partition : EmbeddedKafka.partitions(TOPIC, 3)) {
                group.put(partition, base + g * 7L + partition.partition());
            }
            offsets.put(GROUPS.get(g), group);
        }
        return offsets;
    }

    private Path writableDirectory(String name) throws IOException {
        Path directory = Files.createDirectory(work.resolve(name));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        return directory;
    }

    /** Files of the container's root filesystem changed since {@code since}, apart from /tmp (and /dev, /proc, /sys). */
    private List<String> writtenOutsideTmp(FileTime since) throws Exception {
        Path root = Path.of(buildah("mount", container).trim());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> Stream.of("tmp", "dev", "proc", "sys")
                            .noneMatch(skipped -> file.startsWith(root.resolve(skipped))))
                    .filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                    .filter(file -> modifiedAfter(file, since))
                    .map(file -> "/" + root.relativize(file))
                    .toList();
        } finally {
            buildah("umount", container);
        }
    }

    private static boolean modifiedAfter(Path file, FileTime since) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).compareTo(since) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private record Run(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** {@code korb args} in the container as uid 10001, as a Tekton step runs it; prints the command and output. */
    private Run korb(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(StepCommand.korb(
                container,
                Map.of(
                        "/pvc",
                        work.resolve("pvc").toString(),
                        "/results",
                        work.resolve("results").toString()),
                environment));
        command.addAll(List.of(args));
        long start = System.nanoTime();
        // the output goes to a file, not a pipe: a pipe nobody reads until the end blocks a chatty process
        Path outputFile = Files.createTempFile(work, "korb-output", ".txt");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(outputFile.toFile())
                .start();
        if (!process.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new CheckFailed("korb " + String.join(" ", args) + " did not end in " + RUN_LIMIT_SECONDS + " s");
        }
        String output = Files.readString(outputFile, StandardCharsets.UTF_8);
        Files.delete(outputFile);
        System.out.printf(
                "$ %s%n%s(exit %d, %.2f s)%n",
                String.join(" ", command), output, process.exitValue(), (System.nanoTime() - start) / 1e9);
        return new Run(process.exitValue(), output);
    }

    private static String buildah(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("buildah"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new CheckFailed(String.join(" ", command) + " failed (exit " + process.exitValue() + ")");
        }
        return output;
    }

    private static String[] join(String[] target, String... args) {
        return Stream.concat(Stream.of(args), Stream.of(target)).toArray(String[]::new);
    }

    private static void require(boolean condition, String failure) {
        if (!condition) {
            throw new CheckFailed(failure);
        }
    }

    private static final class CheckFailed extends RuntimeException {
        CheckFailed(String message) {
            super(message);
        }
    }
}
