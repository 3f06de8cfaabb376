package sh.oso.korb.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.operation.ResetScope;

/**
 * Reads reset's {@code --topics}: topics ({@code orders,payments}), each on all its partitions, or Kafka's form
 * {@code orders:0,1,2} for some of them. After {@code topic:N}, the numbers that follow are more partitions of that
 * topic; a topic whose name is a number is listed before it, or in its own {@code --topics}.
 */
final class ResetTopics {

    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private ResetTopics() {}

    static ResetScope scope(List<String> values) {
        if (values == null || values.isEmpty()) {
            return ResetScope.groupsOwnPartitions();
        }
        Map<String, Optional<SortedSet<Integer>>> topics = new LinkedHashMap<>();
        for (String value : values) {
            String partitioned = null;
            for (String raw : value.split(",", -1)) {
                String item = raw.trim();
                if (item.isEmpty()) {
                    throw new InvalidInputException(
                            "--topics '" + value + "' contains an empty item: remove the extra" + " comma");
                }
                if (partitioned != null && NUMBER.matcher(item).matches()) {
                    add(topics, partitioned, partition(item, value));
                    continue;
                }
                int colon = item.indexOf(':');
                if (colon < 0) {
                    partitioned = null;
                    all(topics, item, value);
                    continue;
                }
                partitioned = item.substring(0, colon).trim();
                String partition = item.substring(colon + 1).trim();
                if (partitioned.isEmpty() || !NUMBER.matcher(partition).matches()) {
                    throw new InvalidInputException("--topics '" + item + "': write topic or topic:0,1,2 (partition"
                            + " numbers after the colon)");
                }
                add(topics, partitioned, partition(partition, value));
            }
        }
        return new ResetScope(topics);
    }

    private static void all(Map<String, Optional<SortedSet<Integer>>> topics, String topic, String value) {
        Optional<SortedSet<Integer>> earlier = topics.put(topic, Optional.empty());
        if (earlier != null && earlier.isPresent()) {
            throw new InvalidInputException(
                    "--topics names " + topic + " both whole and with partitions (" + value + "): list it once");
        }
    }

    private static void add(Map<String, Optional<SortedSet<Integer>>> topics, String topic, int partition) {
        Optional<SortedSet<Integer>> listed = topics.computeIfAbsent(topic, ignored -> Optional.of(new TreeSet<>()));
        if (listed.isEmpty()) {
            throw new InvalidInputException(
                    "--topics names " + topic + " both whole and with partitions: list it" + " once");
        }
        listed.get().add(partition);
    }

    private static int partition(String number, String value) {
        try {
            return Integer.parseInt(number);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--topics '" + value + "': partition " + number + " is too large");
        }
    }
}
