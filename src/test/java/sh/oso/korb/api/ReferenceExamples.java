package sh.oso.korb.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sh.oso.korb.workflow.Yaml;

/**
 * The KafkaOffsetRollback examples of the public reference, as its readers copy them. The reference is the public
 * KafkaOffsetRollback CRD reference page, kept verbatim in the repository as a test fixture (its README says where
 * it comes from); {@code ReferenceCopyTest} notices when the upstream page beside a checkout changes.
 */
public final class ReferenceExamples {

    /** The repository's copy of the reference page. */
    public static final Path REFERENCE = Yaml.PROJECT.resolve("src/test/resources/reference/kafkaoffsetrollback.md");
    /** Where the upstream page is, beside the repository, in checkouts that have it. */
    public static final Path UPSTREAM =
            Yaml.PROJECT.resolve("../shared/seed/kafkaoffsetrollback.md").normalize();

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);
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

    private ReferenceExamples() {}

    /**
     * Every complete KafkaOffsetRollback in the reference: all but the Overview's fragment, which stands for "the
     * operation's configuration" and omits the required snapshotId.
     */
    public static List<Example> complete() {
        return all().stream()
                .filter(example -> !example.section().equals("Overview"))
                .toList();
    }

    /** The complete example of that name. */
    public static JsonNode named(String name) {
        return complete().stream()
                .filter(example -> example.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the reference has no example " + name))
                .resource();
    }

    public static List<Example> all() {
        return in(REFERENCE);
    }

    /** Every KafkaOffsetRollback in the YAML blocks of a Markdown page. */
    public static List<Example> in(Path page) {
        return in(page, "KafkaOffsetRollback");
    }

    /** Every resource of that kind in the YAML blocks of a Markdown page (ResetReferenceExamples reads resets). */
    static List<Example> in(Path page, String kind) {
        String markdown = read(page);
        List<Example> examples = new ArrayList<>();
        Matcher block = YAML_BLOCK.matcher(markdown);
        while (block.find()) {
            String section = sectionAt(markdown, block.start());
            for (String document : block.group(1).split("(?m)^---\\s*$")) {
                if (document.contains("kind: " + kind + "\n")) {
                    examples.add(new Example(section, Yaml.parse(document)));
                }
            }
        }
        return examples;
    }

    /** The resources of the reference's "Workflow Example", in order: snapshot, rollback, verify. */
    public static List<JsonNode> workflow() {
        return all().stream()
                .filter(example -> example.section().equals("Workflow Example"))
                .map(Example::resource)
                .toList();
    }

    /** The reference's snapshot, as a user would write one by hand: the page's only JSON block, byte for byte. */
    public static byte[] snapshot() {
        Matcher block = JSON_BLOCK.matcher(read(REFERENCE));
        if (!block.find()) {
            throw new IllegalStateException(REFERENCE + " has no JSON block: the reference's snapshot example is gone");
        }
        return block.group(1).getBytes(StandardCharsets.UTF_8);
    }

    private static String sectionAt(String markdown, int offset) {
        Matcher heading = HEADING.matcher(markdown.substring(0, offset));
        String section = "";
        while (heading.find()) {
            section = heading.group(1).trim();
        }
        return section;
    }

    static String read(Path page) {
        try {
            return Files.readString(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
