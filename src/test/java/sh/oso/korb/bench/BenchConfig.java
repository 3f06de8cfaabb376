package sh.oso.korb.bench;

import java.nio.file.Path;
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
        int toolLimitSeconds) {

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
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--groups" -> {
                    List<Integer> parsed = new ArrayList<>();
                    for (String each : value.split(",")) {
                        parsed.add(Integer.parseInt(each.trim().replace("_", "")));
                    }
                    groups = List.copyOf(parsed);
                }
                case "--topics" -> topics = Integer.parseInt(value);
                case "--partitions" -> partitions = Integer.parseInt(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--tool-runs-above-limit" -> toolRunsAbove = Integer.parseInt(value);
                case "--tool-runs-limit" -> toolRunsLimit = Integer.parseInt(value);
                case "--output" -> output = Path.of(value);
                case "--jar" -> jar = Path.of(value);
                case "--tool-limit-seconds" -> toolLimit = Integer.parseInt(value);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i] + "; options: --groups 1,10,100,"
                                    + "1000,10000 --topics 2 --partitions 12 --runs 5 --tool-runs-limit 1000"
                                    + " --tool-runs-above-limit 1 --output docs --jar target/korb.jar --tool-limit-seconds 300");
            }
        }
        return new BenchConfig(groups, topics, partitions, runs, toolRunsAbove, toolRunsLimit, output, jar, toolLimit);
    }

    int toolRuns(int groups) {
        return groups > toolRunsLimit ? toolRunsAbove : runs;
    }
}
