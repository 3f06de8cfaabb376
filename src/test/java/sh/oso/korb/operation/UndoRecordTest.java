package sh.oso.korb.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import sh.oso.korb.error.MalformedSnapshotException;
import sh.oso.korb.snapshot.GroupOffsets;
import sh.oso.korb.snapshot.PartitionOffset;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.SnapshotReader;
import sh.oso.korb.snapshot.SnapshotWriter;
import sh.oso.korb.snapshot.UndoOf;

/** An undo snapshot records the rollback that saved it in the documented, schema-valid form, and reads back. */
class UndoRecordTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anUndoSnapshotNamesItsRollbackAndReadsBack() throws Exception {
        UndoOf rollback = UndoOf.started(
                        SnapshotId.of("before"),
                        List.of("payments", "orders"),
                        Optional.of(SnapshotId.of("before-undo-20241201T120501Z")))
                .asFinished();
        Snapshot undo = Snapshot.create(
                        SnapshotId.of("before-undo-20241201T120733Z"),
                        Instant.parse("2024-12-01T12:07:33Z"),
                        "kafka:9092",
                        "cluster",
                        Map.of(),
                        Map.of(
                                "orders",
                                GroupOffsets.of(Map.of(
                                        new TopicPartition("t", 0), new PartitionOffset(5, "", 1L, Optional.empty()))),
                                "payments",
                                GroupOffsets.of(Map.of())))
                .withUndoOf(rollback);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        SnapshotWriter.write(undo, out);

        assertThat(schema().validate(JSON.readTree(out.toByteArray()))).isEmpty();
        assertThat(JSON.readTree(out.toByteArray()).path("undoOf").toString())
                .isEqualTo("{\"snapshotId\":\"before\",\"groups\":[\"orders\",\"payments\"],\"finished\":true,"
                        + "\"preRollbackSnapshotId\":\"before-undo-20241201T120501Z\"}");
        Snapshot read = SnapshotReader.readAll(undo.id(), "", new ByteArrayInputStream(out.toByteArray()));
        assertThat(read.undoOf()).contains(rollback);
        assertThat(read.undoOf().get().isOf(SnapshotId.of("before"), List.of("orders", "payments")))
                .isTrue();
        assertThat(read.undoOf().get().isOf(SnapshotId.of("before"), List.of("orders")))
                .isFalse();
    }

    @Test
    void anUndoRecordWithoutItsSnapshotIsMalformed() {
        byte[] document = "{\"undoOf\":{\"groups\":[\"g\"]},\"groups\":{}}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> SnapshotReader.readAll(SnapshotId.of("u"), "", new ByteArrayInputStream(document)))
                .isInstanceOf(MalformedSnapshotException.class)
                .hasMessageContaining("'undoOf' has no 'snapshotId'");
    }

    private static Schema schema() throws Exception {
        try (InputStream in = UndoRecordTest.class.getResourceAsStream("/schema/snapshot-v1.schema.json")) {
            return SchemaRegistry.withDialect(Dialects.getDraft202012()).getSchema(JSON.readTree(in));
        }
    }
}
