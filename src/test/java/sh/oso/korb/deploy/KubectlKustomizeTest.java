package sh.oso.korb.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sh.oso.korb.workflow.Yaml;

/**
 * {@link MiniKustomize} builds what kustomize builds: each of deploy/'s kustomizations and MiniKustomizeTest's
 * layered fixture, through {@code kubectl kustomize}, where kubectl is on the PATH (skipped elsewhere). The objects
 * are compared by identity, not order: kubectl sorts them by kind.
 */
class KubectlKustomizeTest {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    static List<Path> kustomizations() {
        List<Path> directories = new ArrayList<>();
        Installation.directories().forEach(directory -> directories.add(Installation.DEPLOY.resolve(directory)));
        directories.add(MiniKustomizeTest.LAYERED.resolve("overlay"));
        return directories;
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void miniKustomizeBuildsWhatKubectlKustomizeBuilds(Path directory) throws Exception {
        Optional<Path> kubectl = onPath("kubectl");
        assumeTrue(kubectl.isPresent(), "kubectl is not on the PATH");

        Process process = new ProcessBuilder(kubectl.get().toString(), "kustomize", directory.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize " + directory).isZero();
        List<JsonNode> kustomized = Yaml.MAPPER
                .readValues(Yaml.MAPPER.getFactory().createParser(output), JsonNode.class)
                .readAll();

        Map<String, JsonNode> expected = MiniKustomizeTest.byId(kustomized);
        Map<String, JsonNode> built = MiniKustomizeTest.byId(MiniKustomize.build(directory));
        assertThat(built.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach(
                (id, object) -> assertThat(canonical(built.get(id))).as(id).isEqualTo(canonical(object)));
    }

    /**
     * Sorted by keys, one line per value, so that a difference shows as a line; a whole number as an integer
     * (kustomize prints the CRD's {@code minimum: 0.0} as {@code 0}: the same number to the API server).
     */
    private static String canonical(JsonNode object) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.treeToValue(wholeNumbers(object.deepCopy()), Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode wholeNumbers(JsonNode node) {
        if (node.isFloatingPointNumber()
                && node.decimalValue().stripTrailingZeros().scale() <= 0) {
            return LongNode.valueOf(node.longValue());
        }
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(field -> field.setValue(wholeNumbers(field.getValue())));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, wholeNumbers(array.get(i)));
            }
        }
        return node;
    }

    private static Optional<Path> onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, command))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
