package sh.oso.korb.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sh.oso.korb.workflow.Yaml;

/** The KafkaOffsetRollback examples of the public reference, as its readers copy them. */
public final class ReferenceExamples {

    public static final Path REFERENCE = Yaml.PROJECT.resolve("../shared/seed/kafkaoffsetrollback.md").normalize();
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern HEADING = Pattern.compile("^#+ (.+)$", Pattern.MULTILINE);

    /** One resource of one example, named by the heading it appears under. */
    public record Example(String section, JsonNode resource) {
        public String name() {
            return resource.at("/metadata/name").asText();
        }

        @Override
        public String toString() {
            return section + ": " + name();
        }
    }

    private ReferenceExamples() {
    }

    /**
     * Every complete KafkaOffsetRollback in the reference: all but the Overview's fragment, which stands for "the
     * operation's configuration" and omits the required snapshotId.
     */
    public static List<Example> complete() {
        return all().stream().filter(example -> !example.section().equals("Overview")).toList();
    }

    public static List<Example> all() {
        return in(REFERENCE);
    }

    /** Every KafkaOffsetRollback in the YAML blocks of a Markdown page. */
    public static List<Example> in(Path page) {
        String markdown = read(page);
        List<Example> examples = new ArrayList<>();
        Matcher block = YAML_BLOCK.matcher(markdown);
        while (block.find()) {
            String section = sectionAt(markdown, block.start());
            for (String document : block.group(1).split("(?m)^---\\s*$")) {
                if (document.contains("kind: KafkaOffsetRollback")) {
                    examples.add(new Example(section, Yaml.parse(document)));
                }
            }
        }
        return examples;
    }

    /** The resources of the reference's "Workflow Example", in order: snapshot, rollback, verify. */
    public static List<JsonNode> workflow() {
        return all().stream().filter(example -> example.section().equals("Workflow Example"))
                .map(Example::resource).toList();
    }

    private static String sectionAt(String markdown, int offset) {
        Matcher heading = HEADING.matcher(markdown.substring(0, offset));
        String section = "";
        while (heading.find()) {
            section = heading.group(1).trim();
        }
        return section;
    }

    private static String read(Path page) {
        try {
            return Files.readString(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
