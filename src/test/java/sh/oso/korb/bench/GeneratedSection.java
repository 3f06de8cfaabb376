package sh.oso.korb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A section of docs/benchmarks.md between its own markers, written by one kind of run (--startup-only,
 * --memory-only) and kept by every other: each table says which run it comes from.
 *
 * @param begin the first line of the section, naming the run and the class that writes it
 * @param end   its last line
 */
record GeneratedSection(String begin, String end) {

    /** The section in {@code doc} (markers included, with its newline), or "" when it has none. */
    String in(String doc) {
        int from = doc.indexOf(begin);
        int to = doc.indexOf(end);
        return from < 0 || to < from ? "" : doc.substring(from, to + end.length()) + "\n";
    }

    /** The section of benchmarks.md in {@code output}, or "" when there is none. */
    String in(Path output) throws IOException {
        Path doc = output.resolve("benchmarks.md");
        return Files.exists(doc) ? in(Files.readString(doc)) : "";
    }

    /** Puts {@code fresh} (markers included) in place of the section in {@code output}'s benchmarks.md, or after it. */
    void write(Path output, String fresh) throws IOException {
        Files.createDirectories(output);
        Path doc = output.resolve("benchmarks.md");
        String text = Files.exists(doc) ? Files.readString(doc) : "";
        String old = in(text);
        Files.writeString(doc, old.isEmpty() ? text + "\n" + fresh : text.replace(old, fresh));
    }
}
