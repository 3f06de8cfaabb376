package sh.oso.korb.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sh.oso.korb.testing.EmbeddedKafka;

/**
 * bin/korb outside the image, as a user runs it: the packaged jar on JDK 17 and JDK 25 (JAVA_HOME), a class
 * cache of the user's own made by the first verify and used by the next, and korb's output and exit code the
 * same as {@code java -jar}'s whatever becomes of the cache.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("bin/korb").toAbsolutePath();
    private static final Path JAR =
            Path.of(System.getProperty("korb.jar", "target/korb.jar")).toAbsolutePath();
    private static final Path JDK_17 = Path.of(System.getProperty("java.home"));
    /** Temurin 25 beside JDK 17, as on the project's machines (the image's JVM); -Dkorb.jdk25 elsewhere. */
    private static final Path JDK_25 = Path.of(System.getProperty("korb.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));

    @TempDir
    static Path shared;

    @TempDir
    Path work;

    private static List<String> verify;
    private static Run javaJar;

    record Run(int exitCode, String out, String err) {}

    /** A group and its snapshot; what {@code java -jar} prints when it verifies it: every run must print that. */
    @BeforeAll
    static void aSnapshotAndWhatJavaJarPrints() throws Exception {
        String topic = "launcher-topic-" + System.nanoTime();
        String group = "launcher-group-" + System.nanoTime();
        EmbeddedKafka.shared().createTopic(topic, 3, 10);
        EmbeddedKafka.shared()
                .commit(group, Map.of(new TopicPartition(topic, 0), 4L, new TopicPartition(topic, 2), 7L));
        List<String> options = List.of(
                "--bootstrap-servers",
                EmbeddedKafka.shared().bootstrapServers(),
                "--consumer-groups",
                group,
                "--pvc-path",
                Files.createDirectory(shared.resolve("snapshots")).toString(),
                "--snapshot-id",
                "before");
        Run snapshot = run(javaJar(JDK_17, "snapshot", options), Map.of());
        assertThat(snapshot.exitCode()).as(snapshot.err()).isZero();
        verify = new ArrayList<>(List.of("verify"));
        verify.addAll(options);
        javaJar = run(javaJar(JDK_17, verify), Map.of());
        assertThat(javaJar.exitCode()).as(javaJar.err()).isZero();
        assertThat(javaJar.out()).contains("match snapshot before");
    }

    /**
     * The README's {@code ./mvnw verify} runs where JDK 17 is the only JDK: there the JDK 25 cases are skipped, with
     * the reason in the report. {@code .ci/run} refuses to start without JDK 25, so CI always runs them.
     */
    private static void available(Path jdk) {
        assumeTrue(
                Files.isExecutable(jdk.resolve("bin/java")),
                "no JDK at " + jdk + " (-Dkorb.jdk25): its cases are skipped; .ci/run requires it");
    }

    static Stream<Path> jdks() {
        return Stream.of(JDK_17, JDK_25);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void theFirstVerifyMakesTheCacheTheNextUsesItAndARebuiltJarGetsItsOwn(Path jdk) throws Exception {
        available(jdk);
        Path jar = Files.copy(JAR, work.resolve("korb.jar")); // its modification time is changed below
        Path cache = work.resolve("cache");
        Map<String, String> env = user(jdk, jar, cache);

        Path firstLoads = work.resolve("first.log");
        assertThat(launch(env, firstLoads)).isEqualTo(javaJar);
        List<Path> made = files(cache.resolve("korb"));
        assertThat(made).as("one cache, nothing left behind").hasSize(1);
        String runtime = Files.readAllLines(jdk.resolve("release")).stream()
                .filter(line -> line.startsWith("JAVA_RUNTIME_VERSION="))
                .findFirst()
                .orElseThrow()
                .replaceAll(".*=\"(.*)\"", "$1");
        assertThat(made.get(0).getFileName().toString())
                .as("named by the JVM's version and the jar's size and time")
                .contains("-" + runtime + "-" + Files.size(jar) + "-")
                .endsWith(jdk.equals(JDK_25) ? ".aot" : ".jsa"); // ahead-of-time cache, or dynamic class-data archive
        assertThat(korbLoadedFrom(firstLoads))
                .as("the first run reads korb's classes from the jar")
                .contains("jar");

        Path secondLoads = work.resolve("second.log");
        assertThat(launch(env, secondLoads)).isEqualTo(javaJar);
        assertThat(korbLoadedFrom(secondLoads)).contains("shared objects file");
        assertThat(files(cache.resolve("korb"))).isEqualTo(made);

        assertThat(made.get(0).toFile().setWritable(true)).isTrue(); // the JVM writes its archive read-only
        Files.writeString(made.get(0), "not a class cache");
        assertThat(launch(env, null)).as("a damaged cache is ignored").isEqualTo(javaJar);

        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        assertThat(launch(env, null)).isEqualTo(javaJar);
        List<Path> rebuilt = files(cache.resolve("korb"));
        assertThat(rebuilt)
                .as("a rebuilt jar gets a cache of its own, which replaces the old jar's")
                .hasSize(1)
                .doesNotContainAnyElementsOf(made);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aCacheDirectoryThatCannotBeMadeIsNoError(Path jdk) throws Exception {
        available(jdk);
        Path notADirectory = Files.writeString(work.resolve("cache"), "a file where the cache directory would go");

        assertThat(launch(user(jdk, JAR, notADirectory), null)).isEqualTo(javaJar);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aCacheDirectoryWithASpaceInItsPathIsNotUsedAndIsNoError(Path jdk) throws Exception {
        available(jdk);
        Path spaced = Files.createDirectories(work.resolve("with space"));

        assertThat(launch(user(jdk, JAR, spaced), null)).isEqualTo(javaJar);
        assertThat(files(spaced)).as("no cache where its path would be split").isEmpty();
    }

    @Test
    void aLinkToTheLauncherFindsTheRepositorysJarAndKorbCacheOffMakesNoCache() throws Exception {
        Path link = Files.createSymbolicLink(work.resolve("korb"), LAUNCHER);
        Map<String, String> env = new HashMap<>(user(JDK_17, JAR, work.resolve("cache")));
        env.remove("KORB_JAR");
        env.put("KORB_CACHE", "off");
        List<String> command = new ArrayList<>(List.of(link.toString()));
        command.addAll(verify);

        assertThat(run(command, env)).isEqualTo(javaJar);
        assertThat(work.resolve("cache")).doesNotExist();
    }

    /** The environment of a user with this JDK and jar, and a cache directory of their own. */
    private static Map<String, String> user(Path jdk, Path jar, Path cacheHome) {
        return Map.of("JAVA_HOME", jdk.toString(), "KORB_JAR", jar.toString(), "XDG_CACHE_HOME", cacheHome.toString());
    }

    /** bin/korb verify; with the JVM's class loading logged to {@code loads} (not to korb's stdout) when given. */
    private Run launch(Map<String, String> env, Path loads) throws Exception {
        Map<String, String> withLog = new HashMap<>(env);
        if (loads != null) {
            withLog.put("JAVA_OPTS", "-Xlog:class+load=info:file=" + loads);
        }
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(verify);
        return run(command, withLog);
    }

    /** Where the JVM loaded korb's main class from: "jar:file:..." or "shared objects file". */
    private static String korbLoadedFrom(Path loads) throws IOException {
        return Files.readAllLines(loads).stream()
                .filter(line -> line.contains(" sh.oso.korb.cli.Korb source: "))
                .findFirst()
                .orElseThrow()
                .replaceAll(".* source: ", "");
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    private static List<String> javaJar(Path jdk, String command, List<String> options) {
        List<String> arguments = new ArrayList<>(List.of(command));
        arguments.addAll(options);
        return javaJar(jdk, arguments);
    }

    private static List<String> javaJar(Path jdk, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(jdk.resolve("bin/java").toString(), "-jar", JAR.toString()));
        command.addAll(arguments);
        return command;
    }

    private static Run run(List<String> command, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile(shared, "out", "");
        Path err = Files.createTempFile(shared, "err", "");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("KORB_") || name.equals("JAVA_OPTS"));
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("korb finished").isTrue();
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
