package sh.oso.korb.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's settings, from its command line.
 *
 * @param groupCounts  the sweep over G
 * @param topics       topics each group has committed offsets on
 * @param partitions   partitions per topic
 * @param runs         timed runs per operation and size (the median is reported)
 * @param toolRunsAbove Kafka tool runs for sizes above {@code toolRunsLimit} groups, where one run takes minutes
 * @param toolRunsLimit  see above
 * @param output       where benchmarks.md and benchmarks.svg are written
 * @param korbJar      the packaged executor
 * @param toolLimitSeconds a Kafka tool run still going after this long is stopped
 * @param startupOnly  measure only the start-up table ({@link StartupBenchmark}), keeping the sweep's table
 * @param startupGroups the start-up table's sizes (1 is a one-group snapshot; larger sizes also a rollback)
 * @param java17       the JDK 17 the start-up table starts korb on
 * @param java25       the JDK 25 the start-up table starts korb on
 * @param memoryOnly   measure only the memory table ({@link MemoryBenchmark}), keeping the other tables
 * @param memory       the memory table's sizes, runs and time limit
 */
record BenchConfig(
        List<Integer> groupCounts,
        int topics,
        int partitions,
        int runs,
        int toolRunsAbove,
        int toolRunsLimit,
        Path output,
        Path korbJar,
        int toolLimitSeconds,
        boolean startupOnly,
        List<Integer> startupGroups,
        Path java17,
        Path java25,
        boolean memoryOnly,
        MemoryBenchmark.Sizes memory) {

    static BenchConfig parse(String[] args) {
        List<Integer> groups = List.of(1, 10, 100, 1_000, 10_000);
        int topics = 2;
        int partitions = 12;
        int runs = 5;
        int toolRunsAbove = 1;
        int toolRunsLimit = 1_000;
        Path output = Path.of("docs");
        Path jar = Path.of("target/korb.jar");
        int toolLimit = 300;
        boolean startupOnly = false;
        List<Integer> startupGroups = List.of(1, 200, 1_000);
        Path java17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        Path java25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        boolean memoryOnly = false;
        MemoryBenchmark.Shape wide = MemoryBenchmark.Shape.parse("1000x10x100");
        MemoryBenchmark.Shape many = MemoryBenchmark.Shape.parse("10000x2x12");
        int wideRuns = 1;
        int manyRuns = 3;
        double scale = 1;
        int memoryLimit = 900;
        int podMib = 256;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--groups" -> groups = sizes(value);
                case "--startup-only" -> {
                    startupOnly = true;
                    i--; // a flag: no value
                }
                case "--startup-groups" -> startupGroups = sizes(value);
                case "--memory-only" -> {
                    memoryOnly = true;
                    i--; // a flag: no value
                }
                case "--wide" -> wide = MemoryBenchmark.Shape.parse(value);
                case "--many" -> many = MemoryBenchmark.Shape.parse(value);
                case "--wide-runs" -> wideRuns = Integer.parseInt(value);
                case "--many-runs" -> manyRuns = Integer.parseInt(value);
                case "--scale" -> scale = Double.parseDouble(value);
                case "--memory-limit-seconds" -> memoryLimit = Integer.parseInt(value);
                case "--pod-mib" -> podMib = Integer.parseInt(value);
                case "--java17" -> java17 = Path.of(value);
                case "--java25" -> java25 = Path.of(value);
                case "--topics" -> topics = Integer.parseInt(value);
                case "--partitions" -> partitions = Integer.parseInt(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--tool-runs-above-limit" -> toolRunsAbove = Integer.parseInt(value);
                case "--tool-runs-limit" -> toolRunsLimit = Integer.parseInt(value);
                case "--output" -> output = Path.of(value);
                case "--jar" -> jar = Path.of(value);
                case "--tool-limit-seconds" -> toolLimit = Integer.parseInt(value);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i] + "; options: --groups 1,10,100,"
                            + "1000,10000 --topics 2 --partitions 12 --runs 5 --tool-runs-limit 1000"
                            + " --tool-runs-above-limit 1 --output docs --jar target/korb.jar --tool-limit-seconds 300"
                            + " --startup-only --startup-groups 1,200,1000 --java17 DIR --java25 DIR"
                            + " --memory-only --wide 1000x10x100 --wide-runs 1 --many 10000x2x12 --many-runs 3"
                            + " --scale 1 --memory-limit-seconds 900 --pod-mib 256");
            }
        }
        return new BenchConfig(
                groups,
                topics,
                partitions,
                runs,
                toolRunsAbove,
                toolRunsLimit,
                output,
                jar,
                toolLimit,
                startupOnly,
                startupGroups,
                java17,
                java25,
                memoryOnly,
                new MemoryBenchmark.Sizes(
                        wide.scaled(scale),
                        wideRuns,
                        many.scaled(scale),
                        manyRuns,
                        Duration.ofSeconds(memoryLimit),
                        podMib));
    }

    private static List<Integer> sizes(String value) {
        List<Integer> parsed = new ArrayList<>();
        for (String each : value.split(",")) {
            parsed.add(Integer.parseInt(each.trim().replace("_", "")));
        }
        return List.copyOf(parsed);
    }

    int toolRuns(int groups) {
        return groups > toolRunsLimit ? toolRunsAbove : runs;
    }
}
