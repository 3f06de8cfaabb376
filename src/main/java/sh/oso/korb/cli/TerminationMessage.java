package sh.oso.korb.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import sh.oso.korb.error.StorageException;

/**
 * The file of {@code --termination-message-path}: every result the run has written so far, as one compact JSON
 * object of strings keyed by result name ({@code {"phase":"Completed","reason":...,"exit-code":"0",...}}), for an
 * engine that reads the container's termination message (a Kubernetes Job). It is rewritten with each result, so
 * that a pod killed mid-run still reports what it had saved (an undo snapshot).
 *
 * <p>The kubelet keeps 4,096 bytes of it, the budget Tekton gives a step's results; the results already keep within
 * Tekton's encoding, which spends more per result than this object does, so the cut below only guards that claim:
 * the largest optional results go first, never phase, reason, exit-code or message.
 */
final class TerminationMessage {

    static final int LIMIT = 4096;
    private static final Set<String> KEPT = Set.of(Results.PHASE, Results.REASON, Results.EXIT_CODE, Results.MESSAGE);

    private final Path file;
    private final Map<String, String> results = new LinkedHashMap<>();

    TerminationMessage(Path file) {
        this.file = file;
    }

    void put(String name, String value) {
        results.put(name, value);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, fitted(results), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StorageException("could not write the termination message to " + file + ": " + e, e);
        }
    }

    /** The results as compact JSON within {@link #LIMIT} bytes, the largest optional ones given up first. */
    static String fitted(Map<String, String> results) {
        Map<String, String> kept = new LinkedHashMap<>(results);
        String json = json(kept);
        while (bytes(json) > LIMIT) {
            String largest = kept.entrySet().stream()
                    .filter(entry -> !KEPT.contains(entry.getKey()))
                    .max(Comparator.comparingInt(entry -> bytes(entry.getValue())))
                    .map(Map.Entry::getKey)
                    .orElseThrow(() -> new IllegalStateException(
                            "phase, reason, exit-code and message alone exceed " + LIMIT + " bytes"));
            kept.remove(largest);
            json = json(kept);
        }
        return json;
    }

    private static String json(Map<String, String> results) {
        return JsonOutput.compact(json -> {
            json.writeStartObject();
            for (Map.Entry<String, String> result : results.entrySet()) {
                json.writeStringField(result.getKey(), result.getValue());
            }
            json.writeEndObject();
        });
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
