package sh.oso.korb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of benchmark run writes its own section of docs/benchmarks.md and keeps the others', and the memory
 * table quotes the main table's rollback from the document as it is.
 */
class GeneratedSectionTest {

    private static final GeneratedSection SECTION = new GeneratedSection("<!-- begin -->", "<!-- end -->");

    @TempDir
    Path output;

    @Test
    void aSectionIsAppendedOnceAndThenReplacedInPlaceLeavingTheRestAsItWas() throws IOException {
        Files.writeString(
                output.resolve("benchmarks.md"),
                "# main table\n\n" + StartupReport.SECTION.begin() + "\nstart-up\n" + StartupReport.SECTION.end()
                        + "\n");

        SECTION.write(output, "<!-- begin -->\nfirst\n<!-- end -->\n");
        SECTION.write(output, "<!-- begin -->\nsecond\n<!-- end -->\n");

        String doc = Files.readString(output.resolve("benchmarks.md"));
        assertThat(doc)
                .isEqualTo("# main table\n\n" + StartupReport.SECTION.begin() + "\nstart-up\n"
                        + StartupReport.SECTION.end() + "\n\n<!-- begin -->\nsecond\n<!-- end -->\n");
        assertThat(SECTION.in(doc)).isEqualTo("<!-- begin -->\nsecond\n<!-- end -->\n");
        assertThat(StartupReport.SECTION.in(doc)).contains("start-up");
        assertThat(MemoryReport.SECTION.in(doc)).isEmpty();
    }

    @Test
    void theMemoryTableFindsTheMainTablesRollbackOfItsSize() throws IOException {
        String doc = Files.readString(Path.of("docs/benchmarks.md"));

        assertThat(Report.korb(doc, "rollback", 10_000, 240_000)).hasValueSatisfying(korb -> {
            assertThat(korb.median()).matches("[0-9.]+ s");
            assertThat(korb.peakRss()).matches("[0-9]+ MB");
        });
        assertThat(Report.korb(doc, "rollback", 10_000, 1_000_000)).isEmpty();
    }
}
