package sh.oso.korb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import sh.oso.korb.testing.EmbeddedKafka;

/**
 * Writes the container image's ahead-of-time cache (JDK 25, JEP 483/514): the JVM of a real rollback --verify,
 * started by the image's bin/korb against an in-JVM broker, records what it loads, links and profiles and
 * writes the cache when it exits. The Dockerfile runs it in the runtime stage, on the image's own JVM and jar:
 * {@code java -Dkorb.launcher=/usr/local/bin/korb -cp <image harness> sh.oso.korb.bench.AotCacheTrainer
 * /opt/korb/korb.jar /opt/korb/korb.aot}.
 */
public final class AotCacheTrainer {

    private AotCacheTrainer() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: AotCacheTrainer <korb.jar> <cache to write, e.g. /opt/korb/korb.aot>");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Path cache = Path.of(args[1]).toAbsolutePath();
        Files.deleteIfExists(cache);
        Path work = Files.createTempDirectory("korb-aot-training");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(1)) {
            new KorbProcess(jar, kafka.bootstrapServers(), work).train(kafka, "-XX:AOTCacheOutput=" + cache);
        }
        if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
            System.err.println("the training run wrote no ahead-of-time cache to " + cache);
            System.exit(1);
        }
        System.out.println("wrote " + cache + " (" + Files.size(cache) / (1024 * 1024) + " MiB)");
        System.exit(0);
    }
}
