package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Model.OptionSpec;
import sh.oso.korb.kafka.DefaultKafkaClientFactory;
import sh.oso.korb.storage.DefaultSnapshotStoreFactory;

/**
 * The README's options tables of {@code korb controller} and {@code korb render} are the commands' picocli options:
 * every option, its names, its variable (as {@link EnvironmentDefaults} reads it) and its default.
 */
class CommandOptionsDocumentedTest {

    private static final Path README = Path.of("README.md");
    private static final String HEADER = "| option | env | default | meaning |";
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    @ParameterizedTest
    @ValueSource(strings = {"controller", "render"})
    void theReadmesOptionsTableIsTheCommandsOptions(String command) throws IOException {
        List<String> expected = Korb.commandLine(
                        Map.of(), new DefaultKafkaClientFactory(), new DefaultSnapshotStoreFactory(), Clock.systemUTC())
                .getSubcommands()
                .get(command)
                .getCommandSpec()
                .options()
                .stream()
                .filter(option -> !option.usageHelp() && !option.versionHelp())
                .map(CommandOptionsDocumentedTest::row)
                .sorted()
                .toList();

        List<String> documented = optionsTable("### " + command).stream()
                .map(CommandOptionsDocumentedTest::documentedRow)
                .sorted()
                .toList();

        assertThat(documented).containsExactlyElementsOf(expected);
    }

    /** Names, variable and default, as the README's first three columns say them. */
    private static String row(OptionSpec option) {
        List<String> names = new ArrayList<>(Arrays.asList(option.names()));
        names.sort((a, b) -> Integer.compare(a.length(), b.length()));
        return String.join(" ", names) + " | " + EnvironmentDefaults.variableFor(option.longestName()) + " | "
                + (option.defaultValue() == null ? "" : option.defaultValue());
    }

    private static String documentedRow(String line) {
        String[] cells = line.substring(1).split("\\|");
        List<String> names = new ArrayList<>();
        Matcher name = CODE.matcher(cells[0]);
        while (name.find()) {
            names.add(name.group(1));
        }
        names.sort((a, b) -> Integer.compare(a.length(), b.length()));
        return String.join(" ", names) + " | " + code(cells[1]) + " | " + code(cells[2]);
    }

    private static String code(String cell) {
        Matcher code = CODE.matcher(cell);
        return code.find() ? code.group(1) : cell.trim();
    }

    /** The rows of the options table in the heading's section. */
    private static List<String> optionsTable(String heading) throws IOException {
        List<String> lines = Files.readAllLines(README);
        int start = lines.indexOf(heading);
        assertThat(start).as("README heading %s", heading).isNotNegative();
        List<String> section = lines.subList(start + 1, lines.size()).stream()
                .takeWhile(line -> !line.startsWith("## ") && !line.startsWith("### "))
                .toList();
        int header = section.indexOf(HEADER);
        assertThat(header).as("an options table in the section %s", heading).isNotNegative();
        return section.subList(header + 2, section.size()).stream()
                .takeWhile(line -> line.startsWith("|"))
                .toList();
    }
}
