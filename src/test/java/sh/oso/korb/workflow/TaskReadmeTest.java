package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each Task's README lists its params and results as the Task declares them: name, type, default and description
 * come from the YAML. Run with {@code -Dkorb.docs.write=true} to rewrite the tables after changing a Task.
 */
class TaskReadmeTest {

    private static final Pattern PARAMS =
            Pattern.compile("(## Params\\n\\n)(\\| name \\| type .*?\\n)(?=\\n)", Pattern.DOTALL);
    private static final Pattern RESULTS =
            Pattern.compile("(## Results\\n\\n)(\\| name \\| description .*?\\n)(?=\\n)", Pattern.DOTALL);

    static Stream<Path> tasks() {
        return TektonCatalog.taskFiles().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tasks")
    void theReadmeListsTheTasksParamsAndResults(Path taskFile) throws IOException {
        JsonNode task = Yaml.read(taskFile);
        Path readme = taskFile.resolveSibling("README.md");
        String text = Files.readString(readme);

        String expected = replace(
                replace(text, PARAMS, params(task.at("/spec/params"))), RESULTS, results(task.at("/spec/results")));
        if (Boolean.getBoolean("korb.docs.write")) {
            Files.writeString(readme, expected);
        }

        assertThat(text)
                .as(readme + " disagrees with " + taskFile.getFileName() + ": run ./mvnw test"
                        + " -Dtest=TaskReadmeTest -Dkorb.docs.write=true")
                .isEqualTo(expected);
    }

    private static String params(JsonNode params) {
        StringBuilder table = new StringBuilder("| name | type | default | description |\n| --- | --- | --- | --- |\n");
        for (JsonNode param : params) {
            String value = param.has("default") ? "`" + defaultText(param.path("default")) + "`" : "(required)";
            table.append("| `")
                    .append(param.path("name").asText())
                    .append("` | ")
                    .append(param.path("type").asText("string"))
                    .append(" | ")
                    .append(value)
                    .append(" | ")
                    .append(cell(param.path("description")))
                    .append(" |\n");
        }
        return table.toString();
    }

    /** A default as the YAML writes it: an array as {@code [a, b]} ({@code []} empty), an empty string {@code ""}. */
    private static String defaultText(JsonNode value) {
        if (value.isArray()) {
            StringBuilder items = new StringBuilder();
            value.forEach(item -> items.append(items.length() == 0 ? "" : ", ").append(item.asText()));
            return "[" + items + "]";
        }
        return value.asText().isEmpty() ? "\"\"" : value.asText();
    }

    private static String results(JsonNode results) {
        StringBuilder table = new StringBuilder("| name | description |\n| --- | --- |\n");
        for (JsonNode result : results) {
            table.append("| `")
                    .append(result.path("name").asText())
                    .append("` | ")
                    .append(cell(result.path("description")))
                    .append(" |\n");
        }
        return table.toString();
    }

    private static String cell(JsonNode description) {
        return description.asText().strip().replace("\n", " ").replace("|", "\\|");
    }

    private static String replace(String text, Pattern table, String rendered) {
        Matcher matcher = table.matcher(text);
        assertThat(matcher.find()).as("a table matching %s", table).isTrue();
        return text.substring(0, matcher.start(2)) + rendered + text.substring(matcher.end(2));
    }
}
