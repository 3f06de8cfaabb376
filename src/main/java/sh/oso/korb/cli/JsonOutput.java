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
     * Tekton keeps a step's results in its 4096-byte termination message, as JSON with Go's escapes (see
     * {@link #terminationBytes}), after an entry of its own; the budget counts bytes so and leaves room for the
     * other results and the message: a failed rollback --verify with every other result at its longest (three
     * 248-character snapshot ids, a 600-byte message, the longest reason) still fits, which ResultBudgetTest
     * checks.
     */
    static final int DIFFERENCES_BUDGET = 1500;

    @FunctionalInterface
    interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private JsonOutput() {}

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
        if (difference.expected().isPresent()) {
            json.writeNumberField("expected", difference.expected().get());
        } else {
            json.writeNullField("expected");
        }
        if (difference.actual().isPresent()) {
            json.writeNumberField("actual", difference.actual().get());
        } else {
            json.writeNullField("actual");
        }
        json.writeStringField("kind", difference.kind());
        json.writeEndObject();
    }

    /**
     * The bytes {@code text} takes as a string in Tekton's termination message, which its entrypoint writes
     * with Go's {@code json.Marshal}: UTF-8, quotes and backslashes escaped, {@code < > &}, U+2028, U+2029 and
     * control characters as six-byte {@code \\uXXXX} escapes (counted so for every control character, an upper
     * bound where Go writes {@code \\n}).
     */
    static int terminationBytes(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                bytes += 2;
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                bytes += 6;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4; // with its low surrogate, one four-byte code point
            } else if (!Character.isLowSurrogate(c)) {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * {@code {"total":N,"truncated":bool,"items":[...]}} in at most {@link #DIFFERENCES_BUDGET} bytes: as many
     * differences as fit, and the total count so a truncated list is never mistaken for the whole: {@code total},
     * of which {@code differences} are the first (a verification keeps the first few only).
     */
    static String differencesResult(List<OffsetDifference> differences, int total) {
        return boundedList(
                differences, total, difference -> compact(json -> difference(json, difference)), DIFFERENCES_BUDGET);
    }

    /**
     * {@code {"total":n,"truncated":bool,"items":[...]}} with as many items, in order, as fit in {@code budget} bytes
     * as Tekton's termination message counts them: a result never crowds out the others.
     */
    static <T> String boundedList(List<T> values, java.util.function.Function<T, String> item, int budget) {
        return boundedList(values, values.size(), item, budget);
    }

    /** As {@link #boundedList(List, java.util.function.Function, int)}, of a list of {@code total} values. */
    static <T> String boundedList(List<T> values, int total, java.util.function.Function<T, String> item, int budget) {
        String envelope = compact(json -> {
            json.writeStartObject();
            json.writeNumberField("total", total);
            json.writeBooleanField("truncated", true);
            json.writeArrayFieldStart("items");
            json.writeEndArray();
            json.writeEndObject();
        });
        StringBuilder items = new StringBuilder();
        int shown = 0;
        for (T value : values) {
            String next = item.apply(value);
            if (terminationBytes(envelope) + terminationBytes(items) + terminationBytes(next) + 1 > budget) {
                break;
            }
            items.append(shown == 0 ? "" : ",").append(next);
            shown++;
        }
        return "{\"total\":" + total + ",\"truncated\":" + (shown < total) + ",\"items\":[" + items + "]}";
    }
}
