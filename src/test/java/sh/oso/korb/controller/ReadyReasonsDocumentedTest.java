package sh.oso.korb.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import sh.oso.korb.error.Reason;

/** The README's table of Ready reasons has a row for each of the controller's own, as ControllerReason says it. */
class ReadyReasonsDocumentedTest {

    private static final Pattern ONE_NAME = Pattern.compile("^\\| `(\\w+)` \\|");

    @Test
    void everyControllerReasonHasItsRowAndEveryNamedRowIsAReason() throws IOException {
        List<String> rows = readyTable();

        for (ControllerReason reason : ControllerReason.values()) {
            assertThat(rows).contains("| `" + reason.reasonName() + "` | " + reason.meaning() + " |");
        }
        for (String row : rows) {
            Matcher name = ONE_NAME.matcher(row);
            if (name.find()) {
                assertThat(Arrays.stream(ControllerReason.values())
                                        .anyMatch(reason -> reason.reasonName().equals(name.group(1)))
                                || Reason.named(name.group(1)).isPresent())
                        .as("%s is a reason korb gives", name.group(1))
                        .isTrue();
            }
        }
    }

    @Test
    void noControllerReasonSharesItsNameWithAnExecutorReason() {
        for (ControllerReason reason : ControllerReason.values()) {
            assertThat(Reason.named(reason.reasonName()))
                    .as(reason.reasonName())
                    .isEmpty();
        }
    }

    private static List<String> readyTable() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int header = lines.indexOf("| Ready reason | meaning |");
        assertThat(header).isNotNegative();
        return lines.subList(header + 2, lines.size()).stream()
                .takeWhile(line -> line.startsWith("|"))
                .toList();
    }
}
