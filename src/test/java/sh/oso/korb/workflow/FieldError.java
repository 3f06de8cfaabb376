package sh.oso.korb.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Validation errors as Tekton's webhook builds and prints them: knative's {@code apis.FieldError} (messages with
 * field paths, {@code ViaField}/{@code ViaIndex}/{@code ViaKey} prefixing the paths, and {@code Error()} merging
 * equal messages and sorting them), so the runner refuses with the text {@code kubectl apply} would show.
 */
final class FieldError {

    private record Entry(String message, List<String> paths, String details) {}

    static final FieldError NONE = new FieldError(List.of());

    private final List<Entry> entries;

    private FieldError(List<Entry> entries) {
        this.entries = entries;
    }

    /** knative {@code ErrGeneric} (and a literal {@code &apis.FieldError{Message, Paths}}). */
    static FieldError generic(String message, String... paths) {
        return new FieldError(List.of(new Entry(message, List.of(paths), "")));
    }

    static FieldError withDetails(String message, String details, String... paths) {
        return new FieldError(List.of(new Entry(message, List.of(paths), details)));
    }

    /** knative {@code ErrInvalidValue}. */
    static FieldError invalidValue(Object value, String path) {
        return generic("invalid value: " + value, path);
    }

    /** knative {@code ErrMissingField}. */
    static FieldError missingField(String path) {
        return generic("missing field(s)", path);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    FieldError also(FieldError other) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new FieldError(all);
    }

    FieldError viaField(String field) {
        List<Entry> prefixed = new ArrayList<>();
        for (Entry entry : entries) {
            List<String> paths = new ArrayList<>();
            for (String path : entry.paths()) {
                paths.add(flatten(field, path));
            }
            prefixed.add(new Entry(entry.message(), paths, entry.details()));
        }
        return new FieldError(prefixed);
    }

    FieldError viaIndex(int index) {
        return viaField("[" + index + "]");
    }

    FieldError viaFieldIndex(String field, int index) {
        return viaIndex(index).viaField(field);
    }

    FieldError viaKey(String key) {
        return viaField("[" + key + "]");
    }

    FieldError viaFieldKey(String field, String key) {
        return viaKey(key).viaField(field);
    }

    /** knative's {@code flatten}: dot-joined parts, an index glued to the part before it, empty parts dropped. */
    private static String flatten(String prefix, String path) {
        List<String> parts = new ArrayList<>();
        for (String piece : List.of(prefix, path)) {
            for (String part : piece.startsWith("[") ? List.of(piece) : List.of(piece.split("\\.", -1))) {
                if (part.isEmpty()) {
                    continue;
                }
                if (!parts.isEmpty() && part.startsWith("[")) {
                    parts.set(parts.size() - 1, parts.get(parts.size() - 1) + part);
                } else {
                    parts.add(part);
                }
            }
        }
        return String.join(".", parts);
    }

    /** knative {@code FieldError.Error()}: equal message and details merged, paths sorted, then by message. */
    String error() {
        Map<String, Entry> merged = new LinkedHashMap<>();
        for (Entry entry : entries) {
            merged.merge(entry.message() + "-" + entry.details(), entry, (a, b) -> {
                List<String> paths = new ArrayList<>(a.paths());
                paths.addAll(b.paths());
                return new Entry(a.message(), paths, a.details());
            });
        }
        return merged.values().stream()
                .sorted((a, b) -> a.message().equals(b.message())
                        ? a.details().compareTo(b.details())
                        : a.message().compareTo(b.message()))
                .map(entry -> {
                    String paths = entry.paths().stream().sorted().collect(Collectors.joining(", "));
                    return entry.message() + ": " + paths + (entry.details().isEmpty() ? "" : "\n" + entry.details());
                })
                .collect(Collectors.joining("\n"));
    }

    /** Go's {@code %q} for the plain strings these messages quote. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
