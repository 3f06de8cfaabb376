package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each one-operation Pipeline is its Task with nothing lost: every param the Task declares, with the same type and
 * default, passed through unchanged, and every result the Task writes. A param added to a Task and forgotten in its
 * Pipeline would be out of reach of every PipelineRun, the controller's included.
 */
class PipelinePassThroughTest {

    @ParameterizedTest(name = "kafka-offset-{0}")
    @ValueSource(strings = {"snapshot", "rollback", "verify", "delete", "reset"})
    void thePipelineDeclaresAndPassesEveryParamOfItsTask(String operation) {
        JsonNode task = Yaml.read(TektonCatalog.taskFile("kafka-offset-" + operation));
        JsonNode pipeline = Yaml.read(Yaml.PROJECT.resolve("pipelines/kafka-offset-" + operation + ".yaml"));
        JsonNode pipelineTask = pipeline.at("/spec/tasks/0");

        assertThat(byName(pipeline.at("/spec/params"), PipelinePassThroughTest::typeAndDefault))
                .as("the Pipeline's params: name, type and default as the Task declares them")
                .isEqualTo(byName(task.at("/spec/params"), PipelinePassThroughTest::typeAndDefault));
        assertThat(byName(
                        pipelineTask.at("/params"), param -> param.path("value").toString()))
                .as("the values the Pipeline passes to its Task")
                .isEqualTo(byName(task.at("/spec/params"), PipelinePassThroughTest::passThrough));
    }

    @ParameterizedTest(name = "kafka-offset-{0}")
    @ValueSource(strings = {"snapshot", "rollback", "verify", "delete", "reset"})
    void thePipelineReportsEveryResultOfItsTask(String operation) {
        JsonNode task = Yaml.read(TektonCatalog.taskFile("kafka-offset-" + operation));
        JsonNode pipeline = Yaml.read(Yaml.PROJECT.resolve("pipelines/kafka-offset-" + operation + ".yaml"));
        String taskName = pipeline.at("/spec/tasks/0/name").asText();

        assertThat(byName(
                        pipeline.at("/spec/results"),
                        result -> result.path("value").asText()))
                .isEqualTo(byName(
                        task.at("/spec/results"),
                        result -> "$(tasks." + taskName + ".results."
                                + result.path("name").asText() + ")"));
    }

    private static String typeAndDefault(JsonNode param) {
        return param.path("type").asText("string") + " default " + param.path("default");
    }

    /** How a Pipeline hands its own param of the same name to the Task, as the JSON of the value. */
    private static String passThrough(JsonNode param) {
        String name = param.path("name").asText();
        return "array".equals(param.path("type").asText())
                ? "[\"$(params." + name + "[*])\"]"
                : "\"$(params." + name + ")\"";
    }

    private static Map<String, String> byName(JsonNode items, Function<JsonNode, String> value) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (JsonNode item : items) {
            byName.put(item.path("name").asText(), value.apply(item));
        }
        return byName;
    }
}
