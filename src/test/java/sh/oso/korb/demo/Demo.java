package sh.oso.korb.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import sh.oso.korb.testing.EmbeddedKafka;

/**
 * The main job, end to end: an embedded single-node Kafka broker, two consumer groups that really consume,
 * and the packaged {@code korb.jar} run as a separate process for each step of snapshot -> drift ->
 * rollback -> verify, with directory (pvc) storage. Run it with {@code ./mvnw -Pdemo -DskipTests verify}.
 * Exits non-zero when any step does not end as expected, so it doubles as a smoke test of the jar.
 */
public final class Demo {

    private static final String ORDERS = "orders";
    private static final String PAYMENTS = "payments";
    private static final String ORDER_PROCESSOR = "order-processor";
    private static final String PAYMENT_HANDLER = "payment-handler";
    private static final String GROUPS = ORDER_PROCESSOR + "," + PAYMENT_HANDLER;

    private final Path jar;
    private final Path store;
    private final String bootstrap;
    private final List<String> surprises = new ArrayList<>();

    private Demo(Path jar, Path store, String bootstrap) {
        this.jar = jar;
        this.store = store;
        this.bootstrap = bootstrap;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("korb.jar", "target/korb.jar")).toAbsolutePath();
        Path workDir =
                Path.of(System.getProperty("korb.workDir", "target/demo")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build it with ./mvnw -DskipTests package");
        }
        Path store = resetDirectory(workDir.resolve("snapshots"));
        banner("Starting an embedded single-node Kafka broker (KRaft)");
        String bootstrap = EmbeddedKafka.shared().bootstrapServers();
        say("broker listening on " + bootstrap + "; snapshots go to " + store);
        int exit;
        try {
            exit = new Demo(jar, store, bootstrap).run();
        } finally {
            EmbeddedKafka.stopShared();
        }
        System.exit(exit);
    }

    @SuppressWarnings("try") // the live consumer only has to exist while korb runs
    private int run() throws Exception {
        banner("Setting the scene: topics " + ORDERS + " (3 partitions) and " + PAYMENTS + " (2), 1,000 records each");
        EmbeddedKafka.shared().createTopic(ORDERS, 3, 1000);
        EmbeddedKafka.shared().createTopic(PAYMENTS, 2, 1000);
        consume(ORDER_PROCESSOR, List.of(ORDERS, PAYMENTS), 300);
        consume(PAYMENT_HANDLER, List.of(PAYMENTS), 250);
        printOffsets();

        banner("1. Before the risky change: snapshot both groups");
        korb(0, "snapshot", "--consumer-groups", GROUPS, "--snapshot-id", "before-change", "--record-timestamps");
        korb(0, "list");

        banner("2. The change goes wrong: the consumers skip ahead and lose their place");
        moveToEnd(ORDER_PROCESSOR, List.of(ORDERS, PAYMENTS));
        consume(PAYMENT_HANDLER, List.of(PAYMENTS), 400);
        printOffsets();
        korb(0, "verify", "--consumer-groups", GROUPS, "--snapshot-id", "before-change");

        banner("3. Roll back while a consumer still runs: refused, nothing changed");
        try (KafkaConsumer<String, String> live = joinGroup(PAYMENT_HANDLER, PAYMENTS)) {
            korb(4, "rollback", "--consumer-groups", GROUPS, "--snapshot-id", "before-change");
        }

        banner("4. Consumers stopped: preview the rollback, then run it");
        korb(0, "rollback", "--consumer-groups", GROUPS, "--snapshot-id", "before-change", "--dry-run");
        korb(0, "rollback", "--consumer-groups", GROUPS, "--snapshot-id", "before-change");
        printOffsets();

        banner("5. Prove every consumer is back where it was");
        korb(
                0,
                "verify",
                "--consumer-groups",
                GROUPS,
                "--snapshot-id",
                "before-change",
                "--strict",
                "--results-dir",
                store.resolveSibling("results").toString());
        say("result files for Tekton/Argo in " + store.resolveSibling("results") + ": "
                + String.join(", ", listing(store.resolveSibling("results"))));

        banner("6. Clean up the snapshot; the rollback's undo snapshot stays until you delete it");
        korb(0, "delete", "--snapshot-id", "before-change");
        korb(0, "list");

        banner(
                surprises.isEmpty()
                        ? "Demo finished: every step ended as expected"
                        : "Demo finished with unexpected results: " + surprises);
        return surprises.isEmpty() ? 0 : 1;
    }

    /** Runs the packaged jar as its own process, as a Tekton step would, with Kafka and storage from env. */
    private void korb(int expectedExit, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        System.out.println();
        System.out.println("$ korb " + String.join(" ", args));
        System.out.flush();
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("KORB_BOOTSTRAP_SERVERS", bootstrap);
        builder.environment().put("KORB_STORAGE_TYPE", "pvc");
        builder.environment().put("KORB_PVC_PATH", store.toString());
        int exit = builder.start().waitFor();
        say("exit code " + exit + (exit == expectedExit ? "" : " (expected " + expectedExit + ")"));
        if (exit != expectedExit) {
            surprises.add("korb " + args[0] + " exited " + exit);
        }
    }

    private static void consume(String group, List<String> topics, int records) {
        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            consumer.subscribe(topics);
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read < records && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync();
            say(group + " consumed " + read + " records and committed");
        }
    }

    private static void moveToEnd(String group, List<String> topics) {
        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(topic -> consumer.partitionsFor(topic)
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition()))));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            consumer.commitSync();
            say(group + " jumped to the end of " + String.join(", ", topics) + " and committed");
        }
    }

    private static KafkaConsumer<String, String> joinGroup(String group, String topic) {
        KafkaConsumer<String, String> consumer = consumer(group);
        consumer.subscribe(List.of(topic));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100));
        }
        say(group + " has a live member again (client id demo-" + group + ")");
        return consumer;
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        Properties props = new Properties();
        props.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.shared().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "demo-" + group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private static void printOffsets() throws Exception {
        for (String group : List.of(ORDER_PROCESSOR, PAYMENT_HANDLER)) {
            Map<String, Long> sorted = new TreeMap<>();
            EmbeddedKafka.shared().committed(group).forEach((tp, offset) -> sorted.put(tp.toString(), offset));
            say("committed offsets of " + group + ": " + sorted);
        }
    }

    private static List<String> listing(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static Path resetDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            try (var files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        return Files.createDirectories(directory);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void banner(String text) {
        System.out.println();
        System.out.println("== " + text);
        System.out.flush();
    }

    private static void say(String text) {
        System.out.println("   " + text);
        System.out.flush();
    }
}
