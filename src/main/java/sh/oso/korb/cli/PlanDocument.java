package sh.oso.korb.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import sh.oso.korb.error.StorageException;
import sh.oso.korb.operation.PartitionDecision;
import sh.oso.korb.snapshot.SnapshotJson;

/**
 * A rollback's plan as one JSON document (--output json, --plan-out), written as the batches are planned: the
 * partitions first, as they come, then the totals and the outcome, which are known only at the end. The document is
 * never held whole, however many partitions it lists.
 */
final class PlanDocument implements AutoCloseable {

    /** Fields of the document's object, written in one go. */
    @FunctionalInterface
    interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    /** How one partition is written into the document's {@code partitions} array. */
    @FunctionalInterface
    interface RowWriter {
        void write(JsonGenerator json, PartitionDecision row) throws IOException;
    }

    private final JsonGenerator json;
    private final String where;
    private final RowWriter rowWriter;
    private Optional<StorageException> failure = Optional.empty();

    private PlanDocument(JsonGenerator json, String where, Fields header, RowWriter rowWriter) {
        this.json = json;
        this.where = where;
        this.rowWriter = rowWriter;
        attempt(() -> {
            json.writeStartObject();
            header.write(json);
            json.writeArrayFieldStart("partitions");
        });
    }

    /** The document on standard output; it is followed by a line break. */
    static PlanDocument toOutput(PrintWriter out, Fields header, RowWriter rowWriter) {
        try {
            return new PlanDocument(
                    SnapshotJson.FACTORY.createGenerator(out).useDefaultPrettyPrinter(),
                    "standard output",
                    header,
                    rowWriter);
        } catch (IOException e) {
            throw new StorageException("could not write the plan to standard output: " + e, e);
        }
    }

    /** The document in {@code file} (--plan-out), its directory created; fails when the file cannot be created. */
    static PlanDocument toFile(Path file, Fields header, RowWriter rowWriter) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            OutputStream out = Files.newOutputStream(file);
            return new PlanDocument(
                    SnapshotJson.FACTORY.createGenerator(out).useDefaultPrettyPrinter(),
                    file.toString(),
                    header,
                    rowWriter);
        } catch (IOException e) {
            throw new StorageException("could not write the plan to " + file + ": " + e, e);
        }
    }

    void rows(Collection<PartitionDecision> rows) {
        attempt(() -> {
            for (PartitionDecision row : rows) {
                rowWriter.write(json, row);
            }
        });
    }

    /** Ends the partitions and adds {@code totals}: what is known only at the end. */
    void finish(Fields totals) {
        attempt(() -> {
            json.writeEndArray();
            totals.write(json);
            json.writeEndObject();
        });
    }

    /** Why the document is incomplete, when writing it failed: what changed is reported whatever happens to it. */
    Optional<StorageException> failure() {
        return failure;
    }

    @Override
    public void close() {
        attempt(() -> {
            json.writeRaw(System.lineSeparator());
            json.close();
        });
    }

    @FunctionalInterface
    private interface Write {
        void run() throws IOException;
    }

    private void attempt(Write write) {
        if (failure.isPresent()) {
            return;
        }
        try {
            write.run();
        } catch (IOException e) {
            failure = Optional.of(new StorageException("could not write the plan to " + where + ": " + e, e));
        }
    }
}
