package sh.oso.korb.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A one-broker KRaft cluster in a JVM of its own, as users have their broker: the processes measured against it
 * do not share a JVM (its heap, collector, JIT threads) with the code that starts and checks them. The child prints
 * its bootstrap address and runs until its standard input closes.
 */
public final class KafkaProcess {

    private static final String READY = "bootstrap-servers=";

    private KafkaProcess() {}

    /** Starts the broker's JVM, its log in {@code log}; the returned client closes it. */
    public static EmbeddedKafka start(Path log) throws IOException {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx2g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        KafkaProcess.class.getName())
                .redirectError(log.toFile())
                .start();
        BufferedReader stdout =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = stdout.readLine()) != null) {
            if (line.startsWith(READY)) {
                return new EmbeddedKafka(null, () -> stop(process), line.substring(READY.length()));
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the broker's JVM exited before it was ready: see " + log);
    }

    private static void stop(Process process) throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    public static void main(String[] args) throws IOException {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(1)) {
            System.out.println(READY + kafka.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until the parent closes standard input (or exits)
            }
        }
        System.exit(0);
    }
}
