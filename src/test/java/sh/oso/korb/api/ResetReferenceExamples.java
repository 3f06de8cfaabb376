package sh.oso.korb.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import sh.oso.korb.workflow.Yaml;

/**
 * The KafkaOffsetReset examples of the public KafkaOffsetReset reference (the page the KafkaOffsetRollback
 * reference links as its next step), kept verbatim in the repository as {@link ReferenceExamples} keeps the
 * rollback's; {@code ResetReferenceCopyTest} notices when the upstream page beside a checkout changes.
 */
public final class ResetReferenceExamples {

    /** The repository's copy of the reference page. */
    public static final Path REFERENCE = Yaml.PROJECT.resolve("src/test/resources/reference/kafkaoffsetreset.md");
    /** Where the upstream page is, beside the repository, in checkouts that have it. */
    public static final Path UPSTREAM =
            Yaml.PROJECT.resolve("../shared/reference/kafkaoffsetreset.md").normalize();

    private ResetReferenceExamples() {}

    public static List<ReferenceExamples.Example> all() {
        return ReferenceExamples.in(REFERENCE, "KafkaOffsetReset");
    }

    /**
     * Every complete KafkaOffsetReset in the reference: all but the Overview's fragment, which stands for "the reset
     * configuration" and names neither cluster nor groups.
     */
    public static List<ReferenceExamples.Example> complete() {
        return all().stream()
                .filter(example -> !example.section().equals("Overview"))
                .toList();
    }

    /** The complete example of that name. */
    public static JsonNode named(String name) {
        return complete().stream()
                .filter(example -> example.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the reset reference has no example " + name))
                .resource();
    }
}
