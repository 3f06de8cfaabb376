package sh.oso.korb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import sh.oso.korb.workflow.Schemas;
import sh.oso.korb.workflow.Yaml;

/**
 * docs/kafkaoffsetrollback.md, the resource's reference page: its field tables are the generated CRD's, and every
 * example on it is accepted by the CRD and reads into the model. Run with {@code -Dkorb.docs.write=true} to
 * rewrite the tables after changing the api package.
 */
class ResourceReferenceTest {

    static final Path PAGE = Yaml.PROJECT.resolve("docs/kafkaoffsetrollback.md");
    private static final Pattern GENERATED = Pattern.compile(
            "(<!-- (\\w+) fields: generated from the CRD by ResourceReferenceTest -->\\n)(.*?)(<!-- end -->)",
            Pattern.DOTALL);

    @Test
    void theFieldTablesAreTheGeneratedCrds() throws IOException {
        String page = Files.readString(PAGE);
        JsonNode version = versionSchema();
        Matcher section = GENERATED.matcher(page);
        StringBuilder expected = new StringBuilder();
        int sections = 0;
        while (section.find()) {
            sections++;
            section.appendReplacement(
                    expected,
                    Matcher.quoteReplacement(
                            section.group(1) + FieldTables.render(version, section.group(2)) + section.group(4)));
        }
        section.appendTail(expected);
        if (Boolean.getBoolean("korb.docs.write")) {
            Files.writeString(PAGE, expected.toString());
        }

        assertThat(sections).as("generated sections (spec, status)").isEqualTo(2);
        assertThat(page)
                .as("docs/kafkaoffsetrollback.md is out of date with the api package: run ./mvnw test"
                        + " -Dtest=ResourceReferenceTest -Dkorb.docs.write=true")
                .isEqualTo(expected.toString());
    }

    @Test
    void everyFieldOfKorbsOwnIsDescribed() throws IOException {
        JsonNode version = versionSchema();
        for (String root : List.of("spec", "status")) {
            // Kubernetes' own types (resource requirements, conditions) come without descriptions of their fields
            List<String> undescribed = FieldTables.render(version, root)
                    .lines()
                    .skip(2)
                    .filter(row -> row.endsWith("|  |"))
                    .filter(row -> !row.startsWith("| `spec.resources.") && !row.startsWith("| `status.conditions[]."))
                    .toList();

            assertThat(undescribed)
                    .as("fields of %s without @JsonPropertyDescription", root)
                    .isEmpty();
        }
    }

    @Test
    void everyExampleOnThePageIsAcceptedAndReadsIntoTheModel() throws Exception {
        Schema schema = Schemas.crd(CustomResourceDefinitionTest.CRD, KafkaOffsetRollback.VERSION);
        List<ReferenceExamples.Example> examples = ReferenceExamples.in(PAGE);

        assertThat(examples).hasSizeGreaterThanOrEqualTo(3);
        for (ReferenceExamples.Example example : examples) {
            assertThat(Schemas.errors(schema, example.resource()))
                    .as(example.toString())
                    .isEmpty();
            new ObjectMapper().treeToValue(example.resource(), KafkaOffsetRollback.class);
        }
    }

    private static JsonNode versionSchema() throws IOException {
        JsonNode crd = Yaml.parse(Files.readString(CustomResourceDefinitionTest.CRD));
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (version.path("name").asText().equals(KafkaOffsetRollback.VERSION)) {
                return version.path("schema").path("openAPIV3Schema");
            }
        }
        throw new AssertionError(
                "no version " + KafkaOffsetRollback.VERSION + " in " + CustomResourceDefinitionTest.CRD);
    }
}
