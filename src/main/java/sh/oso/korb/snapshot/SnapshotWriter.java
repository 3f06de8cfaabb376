package sh.oso.korb.snapshot;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Streams a snapshot as JSON in the resource reference's layout (README, Snapshot format) ({@code groups.<group>.topics.<topic>.<partition>}),
 * so that large snapshots never exist as one string in memory. Topic state (ids, log ranges) goes in a
 * separate top-level {@code topics} object, leaving the reference's group layout as it is. Output is compact: the ConfigMap store
 * is bound to 1 MiB and {@code jq} pretty-prints on demand.
 */
public final class SnapshotWriter {

    private SnapshotWriter() {}

    /**
     * Writes the stored form: the document ends with {@code "digest":"sha256:<hex>"}, the SHA-256 of every
     * byte before the comma that precedes it, so a reader detects any change to the content.
     */
    public static void write(Snapshot snapshot, OutputStream out) throws IOException {
        write(snapshot, ownGroups(snapshot), out);
    }

    /** Where a streamed snapshot's groups are written, one at a time. */
    @FunctionalInterface
    public interface GroupSink {
        void write(String group, GroupOffsets offsets) throws IOException;
    }

    /** What gives a streamed snapshot its groups: it writes them to the sink one by one, each id once. */
    @FunctionalInterface
    public interface GroupSource {
        void writeTo(GroupSink sink) throws IOException;
    }

    /**
     * Writes the stored form of {@code header} (everything but its groups) with the groups {@code groups} gives, as
     * they come: a snapshot of more offsets than fit in memory is never held whole.
     */
    public static void write(Snapshot header, GroupSource groups, OutputStream out) throws IOException {
        MessageDigest sha256 = DigestingInputStream.sha256();
        try (JsonGenerator json = SnapshotJson.FACTORY.createGenerator(new DigestOutputStream(out, sha256))) {
            writeContent(header, groups, json);
            json.flush();
            json.writeStringField("digest", DigestingInputStream.format(sha256.digest()));
            json.writeEndObject();
        }
    }

    /** Writes the document without a digest, e.g. pretty-printed for people. */
    public static void write(Snapshot snapshot, JsonGenerator json) throws IOException {
        writeContent(snapshot, ownGroups(snapshot), json);
        json.writeEndObject();
    }

    private static GroupSource ownGroups(Snapshot snapshot) {
        return sink -> {
            for (Map.Entry<String, GroupOffsets> group : snapshot.groups().entrySet()) {
                sink.write(group.getKey(), group.getValue());
            }
        };
    }

    private static void writeContent(Snapshot snapshot, GroupSource groups, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("formatVersion", snapshot.formatVersion());
        json.writeStringField("snapshotId", snapshot.id().value());
        json.writeStringField("timestamp", snapshot.timestamp().toString());
        json.writeStringField("cluster", snapshot.cluster());
        if (snapshot.clusterId().isPresent()) {
            json.writeStringField("clusterId", snapshot.clusterId().get());
        }
        if (snapshot.runId().isPresent()) {
            json.writeStringField("runId", snapshot.runId().get().value());
        }
        if (snapshot.groupSelection().isPresent()) {
            snapshot.groupSelection().get().write(json);
        }
        if (snapshot.undoOf().isPresent()) {
            snapshot.undoOf().get().write(json);
        }
        if (!snapshot.topics().isEmpty()) {
            writeTopicStates(snapshot, json);
        }
        json.writeObjectFieldStart("groups");
        groups.writeTo((group, offsets) -> {
            json.writeObjectFieldStart(group);
            json.writeObjectFieldStart("topics");
            writeTopics(offsets, json);
            json.writeEndObject();
            json.writeEndObject();
        });
        json.writeEndObject();
    }

    private static void writeTopicStates(Snapshot snapshot, JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("topics");
        for (Map.Entry<String, TopicState> topic : snapshot.topics().entrySet()) {
            json.writeObjectFieldStart(topic.getKey());
            if (topic.getValue().topicId().isPresent()) {
                json.writeStringField("topicId", topic.getValue().topicId().get());
            }
            json.writeObjectFieldStart("partitions");
            for (Map.Entry<Integer, LogRange> partition :
                    topic.getValue().partitions().entrySet()) {
                json.writeObjectFieldStart(partition.getKey().toString());
                json.writeNumberField("logStartOffset", partition.getValue().logStartOffset());
                json.writeNumberField("logEndOffset", partition.getValue().logEndOffset());
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void writeTopics(GroupOffsets offsets, JsonGenerator json) throws IOException {
        String openTopic = null;
        for (Map.Entry<TopicPartition, PartitionOffset> entry :
                offsets.partitions().entrySet()) {
            TopicPartition tp = entry.getKey();
            if (!tp.topic().equals(openTopic)) {
                if (openTopic != null) {
                    json.writeEndObject();
                }
                json.writeObjectFieldStart(tp.topic());
                openTopic = tp.topic();
            }
            PartitionOffset offset = entry.getValue();
            json.writeObjectFieldStart(Integer.toString(tp.partition()));
            json.writeNumberField("offset", offset.offset());
            json.writeStringField("metadata", offset.metadata());
            json.writeNumberField("timestamp", offset.timestamp());
            if (offset.leaderEpoch().isPresent()) {
                json.writeNumberField("leaderEpoch", offset.leaderEpoch().get());
            }
            if (offset.recordTimestamp().isPresent()) {
                json.writeNumberField(
                        "recordTimestamp", offset.recordTimestamp().get());
            }
            json.writeEndObject();
        }
        if (openTopic != null) {
            json.writeEndObject();
        }
    }
}
