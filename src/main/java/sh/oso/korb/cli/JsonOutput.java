package sh.oso.korb.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import sh.oso.korb.operation.OffsetDifference;
import sh.oso.korb.snapshot.SnapshotJson;
import sh.oso.korb.snapshot.SnapshotSummary;

/** JSON written by the CLI: --output json documents and the compact differences result. */
final class JsonOutput {

    /**
     * Tekton keeps a step's results in its 4096-byte termination message, as JSON: every quote in a value is
     * escaped there, so the budget counts escaped bytes and leaves room for the other results and the message:
     * a failed rollback --verify with every other result at its longest (two 253-character snapshot ids, a
     * 600-character message) still fits, which ResultBudgetTest checks.
     */
    static final int DIFFERENCES_BUDGET = 2150;

    @FunctionalInterface
    interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private JsonOutput() {
    }

    static void print(PrintWriter out, Body body) {
        try (JsonGenerator json = SnapshotJson.FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }

    static String compact(Body body) {
        Writer text = new StringWriter();
        try (JsonGenerator json = SnapshotJson.FACTORY.createGenerator(text)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    static void summaryFields(JsonGenerator json, SnapshotSummary summary) throws IOException {
        json.writeStringField("snapshotId", summary.id().value());
        json.writeStringField("timestamp", summary.timestamp().toString());
        json.writeNumberField("groups", summary.groups());
        json.writeNumberField("totalPartitions", summary.totalPartitions());
    }

    static void difference(JsonGenerator json, OffsetDifference difference) throws IOException {
        json.writeStartObject();
        json.writeStringField("group", difference.group());
        json.writeStringField("topic", difference.topic());
        json.writeNumberField("partition", difference.partition());
        json.writeNumberField("expected", difference.expected());
        if (difference.actual().isPresent()) {
            json.writeNumberField("actual", difference.actual().get());
        } else {
            json.writeNullField("actual");
        }
        json.writeStringField("kind", difference.kind());
        json.writeEndObject();
    }

    /**
     * {@code {"total":N,"truncated":bool,"items":[...]}} in at most {@link #DIFFERENCES_BUDGET} bytes: as many
     * differences as fit, and the total count so a truncated list is never mistaken for the whole.
     */
    /** The length of {@code text} once embedded in a JSON string (ASCII content: quotes and backslashes doubled). */
    static int escapedLength(CharSequence text) {
        int length = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                length++;
            }
        }
        return length;
    }

    static String differencesResult(List<OffsetDifference> differences) {
        String envelope = compact(json -> {
            json.writeStartObject();
            json.writeNumberField("total", differences.size());
            json.writeBooleanField("truncated", true);
            json.writeArrayFieldStart("items");
            json.writeEndArray();
            json.writeEndObject();
        });
        StringBuilder items = new StringBuilder();
        int shown = 0;
        for (OffsetDifference difference : differences) {
            String item = compact(json -> difference(json, difference));
            if (escapedLength(envelope) + escapedLength(items) + escapedLength(item) + 1 > DIFFERENCES_BUDGET) {
                break;
            }
            items.append(shown == 0 ? "" : ",").append(item);
            shown++;
        }
        return "{\"total\":" + differences.size() + ",\"truncated\":" + (shown < differences.size())
                + ",\"items\":[" + items + "]}";
    }
}
