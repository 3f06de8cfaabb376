package sh.oso.korb.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sh.oso.korb.api.ReferenceExamples;

/**
 * The shipped JSON Schema describes both the reference's hand-written snapshot, read from the repository's copy of
 * the reference page, and what korb writes.
 */
class SnapshotSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = SnapshotSchemaTest.class.getResourceAsStream("/schema/snapshot-v1.schema.json")) {
            schema = SchemaRegistry.withDialect(Dialects.getDraft202012()).getSchema(JSON.readTree(in));
        }
    }

    private static List<Error> validate(JsonNode document) {
        return schema.validate(document);
    }

    private static JsonNode referenceExample() throws Exception {
        return JSON.readTree(ReferenceExamples.snapshot());
    }

    @Test
    void everySnapshotIdInTheSchemaHasTheExecutorsLimit() throws Exception {
        JsonNode document;
        try (InputStream in = SnapshotSchemaTest.class.getResourceAsStream("/schema/snapshot-v1.schema.json")) {
            document = JSON.readTree(in);
        }
        List<JsonNode> ids = document.findParents("pattern").stream()
                .filter(property -> property.path("pattern").asText().equals("^[A-Za-z0-9][A-Za-z0-9._-]*$"))
                .toList();

        assertThat(ids)
                .as("the snapshot, undoOf.snapshotId, undoOf.preRollbackSnapshotId")
                .hasSize(3);
        assertThat(ids)
                .allSatisfy(id -> assertThat(id.path("maxLength").asInt()).isEqualTo(SnapshotId.MAX_LENGTH));
    }

    @Test
    void theRunIdInTheSchemaHasTheExecutorsRules() throws Exception {
        JsonNode runId;
        try (InputStream in = SnapshotSchemaTest.class.getResourceAsStream("/schema/snapshot-v1.schema.json")) {
            runId = JSON.readTree(in).path("properties").path("runId");
        }

        assertThat(runId.path("maxLength").asInt()).isEqualTo(RunId.MAX_LENGTH);
        for (String text : List.of("two words", "tab\\tid", "\\u00fc", "")) {
            assertThat(validate(JSON.readTree("{\"runId\":\"" + text + "\",\"groups\":{}}")))
                    .as(text)
                    .isNotEmpty();
        }
        assertThat(validate(JSON.readTree("{\"runId\":\"uid/node(0)[1]!~\",\"groups\":{}}")))
                .isEmpty();
    }

    @Test
    void theReferencesExampleIsValidAndReadable() throws Exception {
        JsonNode example = referenceExample();

        assertThat(validate(example)).isEmpty();
        Snapshot snapshot = SnapshotReader.readAll(
                SnapshotId.of("pre-migration-20241201"), "", new ByteArrayInputStream(ReferenceExamples.snapshot()));
        assertThat(snapshot.totalPartitions()).isEqualTo(4);
        assertThat(snapshot.groups()
                        .get("order-processor")
                        .partitions()
                        .get(new TopicPartition("orders", 1))
                        .offset())
                .isEqualTo(2000);
    }

    @Test
    void whatKorbWritesIsValid() throws Exception {
        Snapshot snapshot = Snapshot.create(
                        SnapshotId.of("s"),
                        Instant.parse("2024-12-01T12:00:00Z"),
                        "k:9092",
                        "id",
                        Map.of(
                                "t",
                                new TopicState(Optional.of("Zm9vYmFy"), new TreeMap<>(Map.of(3, new LogRange(2, 20))))),
                        Map.of(
                                "g",
                                GroupOffsets.of(Map.of(
                                        new TopicPartition("t", 3),
                                        new PartitionOffset(9, "m", 1L, Optional.of(2), Optional.of(5L)))),
                                "empty",
                                GroupOffsets.of(Map.of())))
                .withRunId(Optional.of(new RunId("0b7e3f52-5f8e-4c1e-9a51-7d2f0c6e1a44")))
                .withGroupSelection(Optional.of(GroupSelection.matching("orders-.*")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotWriter.write(snapshot, out);

        assertThat(validate(JSON.readTree(out.toByteArray()))).isEmpty();
    }

    @Test
    void theSchemaRejectsWhatTheReaderRejects() throws Exception {
        assertThat(validate(JSON.readTree("{\"groups\":{\"g\":{\"topics\":{\"t\":{\"0\":{\"offset\":\"1\"}}}}}}")))
                .isNotEmpty();
        assertThat(validate(JSON.readTree("{\"groups\":{\"g\":{\"topics\":{\"t\":{\"x\":{\"offset\":1}}}}}}")))
                .isNotEmpty();
        assertThat(validate(JSON.readTree("{\"snapshotId\":\"s\"}"))).isNotEmpty();
        assertThat(validate(JSON.readTree("{\"snapshotId\":\"../evil\",\"groups\":{}}")))
                .isNotEmpty();
        for (String selection : List.of("{\"allGroups\":false}", "{\"allGroups\":true,\"pattern\":\"a\"}", "{}")) {
            assertThat(validate(JSON.readTree("{\"groupSelection\":" + selection + ",\"groups\":{}}")))
                    .as(selection)
                    .isNotEmpty();
        }
        assertThat(validate(JSON.readTree("{\"groupSelection\":{\"allGroups\":true},\"groups\":{}}")))
                .isEmpty();
    }
}
