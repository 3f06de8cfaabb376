package sh.oso.korb.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sh.oso.korb.workflow.Yaml;

/**
 * The java command line the controller's container gets: the Deployment's command, args and env as
 * {@code kubectl apply -k} of each of deploy/'s kustomizations applies them, run through the image's entrypoint (the
 * real bin/korb) with a {@code java} first on the PATH that prints its arguments.
 */
class ControllerJvmOptionsTest {

    private static final Path DOCKERFILE = Yaml.PROJECT.resolve("Dockerfile");

    @TempDir
    Path fakeJvm;

    private Path archive;
    private Path jar;

    @BeforeEach
    void javaThatPrintsItsArguments() throws IOException {
        Path java = fakeJvm.resolve("java");
        // its arguments on stdout; the environment bin/korb exports for it into a file beside it
        Files.writeString(
                java,
                "#!/bin/sh\nprintf '%s\\n' \"$@\"\necho \"$MALLOC_ARENA_MAX\" > \"$(dirname \"$0\")/malloc-arenas\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        archive = Files.createFile(fakeJvm.resolve("korb.jsa")); // the image's class-data sharing archive
        jar = Files.createFile(fakeJvm.resolve("korb.jar")); // the image's /opt/korb/korb.jar
    }

    static List<String> installations() {
        return Installation.directories();
    }

    @ParameterizedTest
    @MethodSource("installations")
    void theControllerRunsWithTheLongRunningJvmOptionsAndTheDeploymentsAfterThem(String directory) throws Exception {
        Installation installation = Installation.of(directory);
        JsonNode container = installation.controllerContainer();
        Map<String, String> env = new HashMap<>();
        container
                .path("env")
                .forEach(variable -> env.put(
                        variable.path("name").asText(), variable.path("value").asText()));

        List<String> java = run(containerCommand(container), env);

        assertThat(java)
                .as("a heap that leaves half the limit to the rest, bounded code and metaspace, exit on"
                        + " out of heap: what the measurements fit in the Deployment's limit")
                .contains(
                        "-XX:MaxRAMPercentage=50",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:ReservedCodeCacheSize=32m",
                        "-XX:MaxMetaspaceSize=96m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-XX:SharedArchiveFile=" + archive)
                .as("not the executor's heap of 70%")
                .doesNotContain("-XX:MaxRAMPercentage=70");
        assertThat(Files.readString(fakeJvm.resolve("malloc-arenas")).strip()).isEqualTo("2");
        List<String> korb = new ArrayList<>(List.of("-jar", jar.toString()));
        korb.addAll(installation.args());
        assertThat(java.subList(java.indexOf("-jar"), java.size())).isEqualTo(korb);
        assertThat(installation.args()).first().isEqualTo("controller");
        assertThat(env)
                .as("the JVM options go in JAVA_OPTS: bin/korb's command line overrides JAVA_TOOL_OPTIONS")
                .doesNotContainKey("JAVA_TOOL_OPTIONS")
                .containsKey("JAVA_OPTS");
        List<String> deployments = List.of(env.get("JAVA_OPTS").split(" "));
        assertThat(java).containsSubsequence(deployments);
        assertThat(java.indexOf(deployments.get(0)))
                .as("the Deployment's options come after the defaults, and win")
                .isGreaterThan(java.indexOf("-XX:+ExitOnOutOfMemoryError"))
                .isLessThan(java.indexOf("-jar"));
        assertRealJavaStarts(java);
    }

    @Test
    void executorCommandsKeepTheShortRunJvmOptions() throws Exception {
        List<String> java = run(List.of(entrypoint(), "snapshot", "--help"), Map.of());

        assertThat(java)
                .contains(
                        "-XX:MaxRAMPercentage=70",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:SharedArchiveFile=" + archive);
        assertThat(java).doesNotContain("-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError");
        assertThat(java.subList(java.indexOf("-jar") + 2, java.size())).containsExactly("snapshot", "--help");
        assertRealJavaStarts(java);
    }

    @Test
    void javaOptsWinOverTheDefaults() throws Exception {
        List<String> java = run(List.of(entrypoint(), "controller"), Map.of("JAVA_OPTS", "-XX:MaxRAMPercentage=40"));

        assertThat(java.lastIndexOf("-XX:MaxRAMPercentage=40")).isGreaterThan(java.indexOf("-XX:MaxRAMPercentage=50"));
    }

    @Test
    void aCollectorInJavaOptsReplacesTheControllersDefault() throws Exception {
        List<String> java =
                run(List.of(entrypoint(), "controller"), Map.of("JAVA_OPTS", "-XX:ActiveProcessorCount=2 -XX:+UseZGC"));

        assertThat(java)
                .contains("-XX:+UseZGC", "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError")
                .doesNotContain("-XX:+UseSerialGC");
        assertRealJavaStarts(java);
    }

    @Test
    void aCollectorInJavaOptsReplacesTheExecutorsDefault() throws Exception {
        List<String> java = run(List.of(entrypoint(), "snapshot", "--help"), Map.of("JAVA_OPTS", "-XX:+UseParallelGC"));

        assertThat(java)
                .contains("-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1")
                .doesNotContain("-XX:+UseSerialGC");
        assertRealJavaStarts(java);
    }

    @Test
    void anOptionThatOnlyEndsInGcKeepsTheDefaultCollector() throws Exception {
        List<String> java = run(
                List.of(entrypoint(), "snapshot", "--help"),
                Map.of("JAVA_OPTS", "-XX:+UseMaximumCompactionOnSystemGC"));

        assertThat(java).contains("-XX:+UseSerialGC", "-XX:+UseMaximumCompactionOnSystemGC");
        assertRealJavaStarts(java);
    }

    /**
     * The real java (the JDK 17 running the tests, as the image's JRE 17) starts with the options before
     * {@code -jar}; it refuses, for one, two collectors ("Multiple garbage collectors selected").
     */
    private static void assertRealJavaStarts(List<String> fakeJavaArguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(fakeJavaArguments.subList(0, fakeJavaArguments.indexOf("-jar")));
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor())
                .as("%s%n%s", String.join(" ", command), output)
                .isZero();
    }

    /** The container's command (the image's ENTRYPOINT when the Deployment sets none) and args. */
    private static List<String> containerCommand(JsonNode container) throws IOException {
        List<String> command = new ArrayList<>();
        if (container.has("command")) {
            container.path("command").forEach(part -> command.add(part.asText()));
        } else {
            command.add(entrypoint());
        }
        container.path("args").forEach(arg -> command.add(arg.asText()));
        return command;
    }

    /** The image's ENTRYPOINT, {@code korb}: bin/korb, which the Dockerfile copies onto the PATH. */
    private static String entrypoint() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        Matcher entrypoint =
                Pattern.compile("(?m)^ENTRYPOINT \\[\"([^\"]+)\"]$").matcher(dockerfile);
        assertThat(entrypoint.find()).as("the Dockerfile's ENTRYPOINT").isTrue();
        assertThat(dockerfile).contains("COPY bin/korb /usr/local/bin/" + entrypoint.group(1));
        return Yaml.PROJECT.resolve("bin").resolve(entrypoint.group(1)).toString();
    }

    /** The arguments the fake java was started with. */
    private List<String> run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder process = new ProcessBuilder(command).redirectErrorStream(true);
        process.environment().remove("JAVA_OPTS");
        process.environment().remove("JAVA_HOME"); // bin/korb would start $JAVA_HOME/bin/java, not the fake
        process.environment().remove("MALLOC_ARENA_MAX");
        process.environment().putAll(env);
        process.environment().put("PATH", fakeJvm + ":" + System.getenv("PATH"));
        process.environment().put("KORB_CDS_ARCHIVE", archive.toString());
        process.environment().put("KORB_JAR", jar.toString());
        process.environment().put("XDG_CACHE_HOME", fakeJvm.resolve("cache").toString());
        Process started = process.start();
        String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(started.waitFor()).as(output).isZero();
        return output.lines().toList();
    }
}
