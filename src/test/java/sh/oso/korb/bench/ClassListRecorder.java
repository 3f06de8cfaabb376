package sh.oso.korb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import sh.oso.korb.testing.EmbeddedKafka;

/**
 * Writes target/korb.classlist for the container image's class-data sharing archive: the classes a real
 * snapshot and rollback --verify load, against an in-JVM broker (the image build has no Kafka to train on).
 * Run with {@code ./mvnw -Pclass-list -DskipTests verify}.
 */
public final class ClassListRecorder {

    private ClassListRecorder() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/korb.jar");
        Path classList =
                Path.of(args.length > 1 ? args[1] : "target/korb.classlist").toAbsolutePath();
        Files.deleteIfExists(classList);
        Path work = Files.createTempDirectory("korb-class-list");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(1)) {
            new KorbProcess(jar, kafka.bootstrapServers(), work).recordClassList(kafka, classList);
        }
        System.out.println("wrote " + classList);
        System.exit(0);
    }
}
