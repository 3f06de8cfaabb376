package sh.oso.korb.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.operation.GroupSelector;
import sh.oso.korb.snapshot.GroupOffsets;
import sh.oso.korb.snapshot.GroupSelection;
import sh.oso.korb.snapshot.PartitionOffset;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.SnapshotJson;
import sh.oso.korb.snapshot.SnapshotSummary;

/**
 * A snapshot of 1,000,000 partition offsets written and read back in a JVM whose heap is capped at the
 * reference's 256 MiB pod limit (Failsafe runs this class alone with -Xmx256m): encoding and decoding stream.
 */
class LargeSnapshotIT {

    private static final int GROUPS = 1_000;
    private static final int PARTITIONS_PER_GROUP = 1_000;

    @TempDir
    Path directory;

    private static Snapshot large(SnapshotId id) {
        Map<String, GroupOffsets> groups = new HashMap<>();
        for (int group = 0; group < GROUPS; group++) {
            Map<TopicPartition, PartitionOffset> offsets = new HashMap<>();
            for (int partition = 0; partition < PARTITIONS_PER_GROUP; partition++) {
                offsets.put(
                        new TopicPartition("topic-" + (partition % 10), partition / 10),
                        new PartitionOffset(1_000_000L * group + partition, "", 1701432000000L, Optional.empty()));
            }
            groups.put(String.format("group-%04d", group), GroupOffsets.of(offsets));
        }
        return Snapshot.create(id, Instant.parse("2024-12-01T12:00:00Z"), "kafka:9092", "cluster", Map.of(), groups);
    }

    @Test
    void aMillionPartitionOffsetsAreWrittenAndReadWithin256MiB() {
        assertThat(Runtime.getRuntime().maxMemory()).as("run with -Xmx256m").isLessThanOrEqualTo(256L * 1024 * 1024);
        SnapshotRepository snapshots = new SnapshotRepository(new DirectorySnapshotStore(directory));
        SnapshotId id = SnapshotId.of("one-million");
        snapshots.save(large(id), false);

        SnapshotSummary summary = snapshots.summary(id);
        assertThat(summary.totalPartitions()).isEqualTo(GROUPS * PARTITIONS_PER_GROUP);
        assertThat(summary.groups()).isEqualTo(GROUPS);

        Snapshot oneGroup = snapshots.loadGroups(id, List.of("group-0999"));
        assertThat(oneGroup.totalPartitions()).isEqualTo(PARTITIONS_PER_GROUP);
        assertThat(oneGroup.groups()
                        .get("group-0999")
                        .partitions()
                        .get(new TopicPartition("topic-9", 99))
                        .offset())
                .isEqualTo(999_000_999L);

        Snapshot whole = snapshots.load(id);
        assertThat(whole.totalPartitions()).isEqualTo(GROUPS * PARTITIONS_PER_GROUP);
    }

    /**
     * --all-groups and --group-pattern choose among a snapshot's groups by name: 10,000 groups of 100 partitions each,
     * written as a stream, are named without their offsets.
     */
    @Test
    void theGroupsOfTenThousandGroupsAreNamedWithin256MiB() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("run with -Xmx256m").isLessThanOrEqualTo(256L * 1024 * 1024);
        SnapshotId id = SnapshotId.of("ten-thousand-groups");
        try (JsonGenerator json =
                SnapshotJson.FACTORY.createGenerator(Files.newOutputStream(directory.resolve(id.value() + ".json")))) {
            json.writeStartObject();
            json.writeObjectFieldStart("groupSelection");
            json.writeBooleanField("allGroups", true);
            json.writeEndObject();
            json.writeObjectFieldStart("groups");
            for (int group = 0; group < 10_000; group++) {
                json.writeObjectFieldStart(String.format("group-%05d", group));
                json.writeObjectFieldStart("topics");
                for (int topic = 0; topic < 10; topic++) {
                    json.writeObjectFieldStart("topic-" + topic);
                    for (int partition = 0; partition < 10; partition++) {
                        json.writeObjectFieldStart(Integer.toString(partition));
                        json.writeNumberField("offset", 1_000_000L * group + partition);
                        json.writeStringField("metadata", "");
                        json.writeNumberField("timestamp", 1701432000000L);
                        json.writeEndObject();
                    }
                    json.writeEndObject();
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        SnapshotRepository snapshots = new SnapshotRepository(new DirectorySnapshotStore(directory));

        assertThat(snapshots.groupNames(id)).hasSize(10_000).startsWith("group-00000");
        assertThat(GroupSelector.inSnapshot(snapshots, id, GroupSelection.matching("group-0999[0-9]")))
                .hasSize(10)
                .endsWith("group-09999");
    }
}
