package sh.oso.korb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Tekton resources the READMEs show in {@code yaml} code blocks, so tests can hold them to Tekton's rules. */
final class TektonDocs {

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    private TektonDocs() {}

    /** The README snippet of a run, found by its {@code metadata.generateName}. */
    static JsonNode run(String generateName) {
        return snippets().stream()
                .filter(node -> node.at("/metadata/generateName").asText().equals(generateName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no README snippet with generateName " + generateName));
    }

    static List<JsonNode> snippets() {
        List<JsonNode> resources = new ArrayList<>();
        for (String file : List.of("README.md", "tasks/README.md", "pipelines/README.md")) {
            try {
                Matcher block = YAML_BLOCK.matcher(Files.readString(Yaml.PROJECT.resolve(file)));
                while (block.find()) {
                    JsonNode node = Yaml.parse(block.group(1));
                    if (node != null && node.path("apiVersion").asText().startsWith("tekton.dev/")) {
                        resources.add(node);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return resources;
    }
}
