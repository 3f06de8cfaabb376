package sh.oso.korb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's own kafka-consumer-groups.sh (ConsumerGroupCommand) as a whole process, with the JVM options
 * kafka-run-class.sh gives it: korb's yardstick.
 */
final class KafkaTool {

    static final String TOOL_CLASS = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
    /** What kafka-run-class.sh gives kafka-consumer-groups.sh by default. */
    static final List<String> TOOL_JVM = List.of(
            "-Xmx256M",
            "-server",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-Djava.awt.headless=true");

    private final String bootstrapServers;
    private final Path work;
    private final Duration limit;

    KafkaTool(String bootstrapServers, Path work, Duration limit) {
        this.bootstrapServers = bootstrapServers;
        this.work = work;
        this.limit = limit;
    }

    /** The tool's snapshot: every group's offsets as CSV on stdout. */
    ChildProcess.Result export(String name) throws IOException, InterruptedException {
        return run(
                List.of("--reset-offsets", "--all-groups", "--all-topics", "--to-current", "--export", "--dry-run"),
                name);
    }

    /** The tool's rollback: the offsets of an export committed again. */
    ChildProcess.Result resetFromFile(Path csv, String name) throws IOException, InterruptedException {
        return run(List.of("--reset-offsets", "--all-groups", "--from-file", csv.toString(), "--execute"), name);
    }

    /** What a user runs to see one group's offsets. */
    ChildProcess.Result describe(String group, String name) throws IOException, InterruptedException {
        return run(List.of("--describe", "--group", group), name);
    }

    private ChildProcess.Result run(List<String> args, String name) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(TOOL_JVM);
        command.addAll(List.of(
                "-cp", System.getProperty("java.class.path"), TOOL_CLASS, "--bootstrap-server", bootstrapServers));
        command.addAll(args);
        return ChildProcess.run(command, Map.of(), work, name, limit);
    }

    /** Whether an export holds exactly {@code expected} for the workload's groups. */
    static boolean exportHolds(Path csv, Workload workload, Map<String, Map<TopicPartition, Long>> expected)
            throws IOException {
        Map<String, Map<TopicPartition, Long>> exported = new LinkedHashMap<>();
        for (String line : Files.readAllLines(csv)) {
            String[] fields = line.split(",");
            if (fields.length == 4 && fields[0].startsWith(workload.prefix() + "-group-")) {
                exported.computeIfAbsent(fields[0], group -> new LinkedHashMap<>())
                        .put(new TopicPartition(fields[1], Integer.parseInt(fields[2])), Long.parseLong(fields[3]));
            }
        }
        return exported.equals(expected);
    }
}
