package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.testing.EmbeddedKafka;

/** The packaged jar, run as its own process the way a Tekton step runs it. */
class KorbJarIT {

    private static final Path JAR = Path.of(System.getProperty("korb.jar", "target/korb.jar"));

    @TempDir
    Path work;

    record ProcessResult(int exitCode, String out, String err) {}

    static ProcessResult run(Path work, Map<String, String> environment, String... args) throws Exception {
        return new KorbJarIT().in(work).run(environment, args);
    }

    private KorbJarIT in(Path work) {
        this.work = work;
        return this;
    }

    private ProcessResult run(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        Path out = work.resolve("stdout");
        Path err = work.resolve("stderr");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("KORB_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("korb finished").isTrue();
        return new ProcessResult(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theJarShipsNoKafkaBroker() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> brokerClasses = jar.stream()
                    .map(entry -> entry.getName())
                    .filter(name -> name.startsWith("kafka/server/")
                            || name.startsWith("scala/")
                            || name.startsWith("org/apache/kafka/raft/")
                            || name.startsWith("org/apache/kafka/common/test/")
                            || name.startsWith("org/apache/kafka/storage/internals/log/"))
                    .toList();
            assertThat(brokerClasses).isEmpty();
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("sh.oso.korb.cli.Korb");
        }
    }

    @Test
    void snapshotsAndVerifiesFromTheEnvironmentAlone() throws Exception {
        String topic = "jar-topic-" + System.nanoTime();
        String group = "jar-group-" + System.nanoTime();
        EmbeddedKafka.shared().createTopic(topic, 2, 10);
        EmbeddedKafka.shared().commit(group, Map.of(new org.apache.kafka.common.TopicPartition(topic, 0), 4L));
        Map<String, String> env = Map.of(
                "KORB_BOOTSTRAP_SERVERS",
                EmbeddedKafka.shared().bootstrapServers(),
                "KORB_STORAGE_TYPE",
                "PVC",
                "KORB_PVC_PATH",
                work.resolve("snapshots").toString(),
                "KORB_CONSUMER_GROUPS",
                group,
                "KORB_SNAPSHOT_ID",
                "from-env",
                "KORB_RESULTS_DIR",
                work.resolve("results").toString());

        ProcessResult snapshot = run(env, "snapshot");
        assertThat(snapshot.exitCode()).as(snapshot.err()).isZero();
        assertThat(snapshot.out()).contains("Snapshot from-env created: 1 group, 1 partition");
        assertThat(snapshot.err()).doesNotContain("AdminClientConfig values").doesNotContain("INFO");
        assertThat(work.resolve("snapshots/from-env.json")).exists();
        assertThat(Files.readString(work.resolve("results/total-partitions"))).isEqualTo("1");

        EmbeddedKafka.shared().commit(group, Map.of(new org.apache.kafka.common.TopicPartition(topic, 0), 9L));
        ProcessResult verify = run(env, "verify", "--strict");
        assertThat(verify.exitCode()).isEqualTo(3);
        assertThat(Files.readString(work.resolve("results/matched"))).isEqualTo("false");
        assertThat(Files.readString(work.resolve("results/phase"))).isEqualTo("Failed");
    }

    @Test
    void exitCodesOfTheRealProcess() throws Exception {
        assertThat(run(Map.of(), "--help").exitCode()).isZero();
        assertThat(run(Map.of(), "--version").out()).startsWith("korb ");
        ProcessResult evil = run(Map.of(), "delete", "--snapshot-id", "../evil", "--pvc-path", work.toString());
        assertThat(evil.exitCode()).isEqualTo(2);
        assertThat(evil.err()).contains("snapshot id '../evil' is invalid");
        ProcessResult missing = run(Map.of(), "delete", "--snapshot-id", "gone", "--pvc-path", work.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        ProcessResult noCommand = run(Map.of());
        assertThat(noCommand.exitCode()).isEqualTo(2);
        assertThat(noCommand.err()).contains("a command is required");
    }
}
