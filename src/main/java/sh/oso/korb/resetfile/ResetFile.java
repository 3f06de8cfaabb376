package sh.oso.korb.resetfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import sh.oso.korb.error.InvalidInputException;

/**
 * Reads the offsets {@code korb reset --from-file} commits, in either format users have: Kafka's CSV export
 * ({@code topic,partition,offset} for one group, {@code group,topic,partition,offset} for several, as {@code
 * kafka-consumer-groups --reset-offsets --export} writes it, quoted fields included), or the mapping JSON of the
 * KafkaOffsetReset resource ({@code {"groups":{group:{topic:{partition:offset}}}}}). All of it is checked before
 * anything changes: a malformed line or field is an error naming it.
 */
public final class ResetFile {

    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final List<String> groups;
    private final Map<String, Map<TopicPartition, Long>> offsets = new LinkedHashMap<>();
    private final Map<String, Map<TopicPartition, String>> where = new HashMap<>();

    private ResetFile(String name, List<String> groups) {
        this.name = name;
        this.groups = groups;
    }

    /** The file's offsets by group; {@code groups}: the listed groups, one of which a three-column CSV is for. */
    public static Map<String, Map<TopicPartition, Long>> read(Path file, List<String> groups) {
        ResetFile parsed = new ResetFile("--from-file " + file, groups);
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(parsed.name + " cannot be read ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); give a readable file");
        }
        if (content.strip().startsWith("{")) {
            parsed.json(content);
        } else {
            parsed.csv(content);
        }
        if (parsed.offsets.isEmpty()) {
            throw new InvalidInputException(parsed.name + " holds no offsets; give Kafka's CSV export or the mapping"
                    + " JSON {\"groups\":{group:{topic:{partition:offset}}}}; nothing was changed");
        }
        return parsed.offsets;
    }

    private void csv(String content) {
        String[] lines = content.split("\r?\n", -1);
        Boolean withGroup = null;
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            if (line.isBlank()) {
                continue;
            }
            String at = name + " line " + (index + 1);
            List<String> fields = fields(line, at);
            if (fields.size() != 3 && fields.size() != 4) {
                throw invalid(
                        at,
                        "has " + fields.size() + " field(s); Kafka's export has topic,partition,offset or"
                                + " group,topic,partition,offset");
            }
            boolean hasGroup = fields.size() == 4;
            if (withGroup != null && withGroup != hasGroup) {
                throw invalid(
                        at,
                        "has " + fields.size() + " fields but earlier lines have " + (hasGroup ? 3 : 4)
                                + "; one file holds one form");
            }
            withGroup = hasGroup;
            String group;
            if (hasGroup) {
                group = fields.get(0);
                if (group.isEmpty()) {
                    throw invalid(at, "has an empty group id");
                }
            } else if (groups.size() == 1) {
                group = groups.get(0);
            } else {
                throw invalid(
                        at,
                        "names no group (topic,partition,offset) but " + groups.size()
                                + " groups are listed; list one group, or give group,topic,partition,offset lines");
            }
            int first = hasGroup ? 1 : 0;
            put(at, group, fields.get(first), partition(fields.get(first + 1), at), offset(fields.get(first + 2), at));
        }
    }

    private static List<String> fields(String line, String at) {
        try (var values = CSV.readerForListOf(String.class).<List<String>>readValues(line)) {
            if (!values.hasNext()) {
                throw invalid(at, "holds no fields");
            }
            return values.next();
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw invalid(
                    at,
                    "is not a CSV line (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private void json(String content) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw invalid(name, "is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode byGroup = root.get("groups");
        if (byGroup == null || !byGroup.isObject()) {
            throw invalid(
                    name, "has no \"groups\" object; the mapping is {\"groups\":{group:{topic:{partition:offset}}}}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> g = byGroup.fields(); g.hasNext(); ) {
            Map.Entry<String, JsonNode> group = g.next();
            String groupPath = "groups." + group.getKey();
            if (!group.getValue().isObject()) {
                throw invalid(name + " at " + groupPath, "is not an object of topics");
            }
            for (Iterator<Map.Entry<String, JsonNode>> t = group.getValue().fields(); t.hasNext(); ) {
                Map.Entry<String, JsonNode> topic = t.next();
                String topicPath = groupPath + "." + topic.getKey();
                if (!topic.getValue().isObject()) {
                    throw invalid(name + " at " + topicPath, "is not an object of partitions");
                }
                for (Iterator<Map.Entry<String, JsonNode>> p = topic.getValue().fields(); p.hasNext(); ) {
                    Map.Entry<String, JsonNode> partition = p.next();
                    String at = name + " at " + topicPath + "." + partition.getKey();
                    JsonNode offset = partition.getValue();
                    if (!offset.isIntegralNumber() || !offset.canConvertToLong() || offset.asLong() < 0) {
                        throw invalid(at, "is " + offset + "; an offset is a whole number, 0 or more");
                    }
                    put(at, group.getKey(), topic.getKey(), partition(partition.getKey(), at), offset.asLong());
                }
            }
        }
    }

    private void put(String at, String group, String topic, int partition, long offset) {
        if (topic.isEmpty()) {
            throw invalid(at, "has an empty topic name");
        }
        TopicPartition tp = new TopicPartition(topic, partition);
        Long earlier =
                offsets.computeIfAbsent(group, ignored -> new LinkedHashMap<>()).put(tp, offset);
        if (earlier != null && earlier != offset) {
            throw invalid(
                    at,
                    "gives " + group + " " + tp + " offset " + offset + ", but "
                            + where.get(group).get(tp) + " gives " + earlier + "; keep one");
        }
        where.computeIfAbsent(group, ignored -> new HashMap<>()).put(tp, at);
    }

    private static int partition(String value, String at) {
        try {
            int partition = Integer.parseInt(value.trim());
            if (partition >= 0) {
                return partition;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw invalid(at, "has partition '" + value + "'; a partition is a whole number, 0 or more");
    }

    private static long offset(String value, String at) {
        try {
            long offset = Long.parseLong(value.trim());
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw invalid(at, "has offset '" + value + "'; an offset is a whole number, 0 or more");
    }

    private static InvalidInputException invalid(String at, String problem) {
        return new InvalidInputException(at + " " + problem + "; nothing was changed");
    }
}
