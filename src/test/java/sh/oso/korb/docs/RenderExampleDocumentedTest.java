package sh.oso.korb.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.workflow.Yaml;

/**
 * The README's {@code korb render} example is real output, only cut: its command, run on the reference's rollback
 * example, prints every line the README shows, in order; the README's {@code # ...} lines mark the cuts.
 */
class RenderExampleDocumentedTest {

    private static final Path README = Yaml.PROJECT.resolve("README.md");
    private static final String HEADING = "### render";
    /** The file the README's command reads: the reference's example under its "rollback" heading. */
    private static final String FILE = "rollback.yaml";

    @TempDir
    Path work;

    @Test
    void theReadmesRenderOutputIsTheCommandsOutputCut() throws IOException {
        String section = section();
        List<String> command = arguments(block(section, "bash"));
        List<String> shown = block(section, "yaml")
                .lines()
                .filter(line -> !line.trim().startsWith("#"))
                .toList();
        Files.writeString(work.resolve(FILE), Yaml.write(ReferenceExamples.named("do-rollback")));

        CliRun.Result result = CliRun.korb(command.stream()
                .map(argument -> argument.equals(FILE) ? work.resolve(FILE).toString() : argument)
                .toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(shown).hasSizeGreaterThan(20);
        assertThat(result.out().lines().toList()).containsSubsequence(shown);
    }

    private static String section() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("\n" + HEADING + "\n");
        assertThat(start).as("README heading %s", HEADING).isNotNegative();
        Matcher next = Pattern.compile("\n##+ ").matcher(readme);
        return readme.substring(start, next.find(start + 1) ? next.start() : readme.length());
    }

    private static String block(String section, String language) {
        Matcher block = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL)
                .matcher(section);
        assertThat(block.find()).as("a %s block under %s", language, HEADING).isTrue();
        return block.group(1);
    }

    /** {@code bin/korb render ...  # comment} as korb's arguments. */
    private static List<String> arguments(String bash) {
        String line = bash.lines().findFirst().orElseThrow().replaceFirst("\\s+#.*$", "");
        List<String> words = new ArrayList<>(Arrays.asList(line.trim().split("\\s+")));
        assertThat(words.remove(0)).isEqualTo("bin/korb");
        assertThat(words).contains("render", FILE);
        return words;
    }
}
