package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The engines' own schemas from {@code ../shared/schemas}, made as strict as the API server: an object
 * schema that lists its properties rejects any other field, as {@code kubectl} does with field validation
 * Strict, unless it says {@code x-kubernetes-preserve-unknown-fields}.
 */
public final class Schemas {

    public static final Path SHARED = Yaml.PROJECT.resolve("../shared/schemas").normalize();

    private static final Path KUBERNETES_SCHEMAS = Yaml.PROJECT.resolve("tools/k8s-schemas");

    private Schemas() {}

    /** The v1 openAPIV3Schema of one of Tekton's CRDs, e.g. {@code 300-task.yaml}. */
    public static Schema tekton(String crdFile) {
        return crd(SHARED.resolve("tekton").resolve(crdFile), "v1");
    }

    /**
     * The openAPIV3Schema of one version of a CustomResourceDefinition, accepting the apiVersion, kind and
     * metadata the API server handles itself.
     */
    public static Schema crd(Path crdFile, String versionName) {
        JsonNode crd = Yaml.read(crdFile);
        for (JsonNode version : crd.at("/spec/versions")) {
            if (version.path("name").asText().equals(versionName)) {
                ObjectNode schema =
                        (ObjectNode) version.at("/schema/openAPIV3Schema").deepCopy();
                ObjectNode properties = schema.with("properties");
                properties.putObject("apiVersion").put("type", "string");
                properties.putObject("kind").put("type", "string");
                properties.putObject("metadata").put("type", "object");
                return SchemaRegistry.withDialect(Dialects.getOpenApi30()).getSchema(strict(schema));
            }
        }
        throw new IllegalStateException(crdFile + " has no version " + versionName);
    }

    /** One definition of Argo's JSON Schema, e.g. {@code io.argoproj.workflow.v1alpha1.WorkflowTemplate}. */
    public static Schema argo(String definition) {
        try {
            ObjectNode schema = (ObjectNode) new ObjectMapper()
                    .readTree(SHARED.resolve("argo/schema.json").toFile());
            schema.remove("oneOf");
            schema.remove("$id");
            schema.remove("type");
            schema.put("$ref", "#/definitions/" + definition);
            // Argo accepts integers where its published schema says string (retryStrategy.limit, backoff.factor).
            ObjectNode intOrString =
                    (ObjectNode) schema.at("/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString");
            intOrString.remove("type");
            intOrString.putArray("type").add("string").add("integer");
            strict(schema.get("definitions"));
            for (JsonNode each : schema.get("definitions")) {
                strict(each);
            }
            return SchemaRegistry.withDialect(Dialects.getDraft202012()).getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Each batch/v1 Job's errors by Kubernetes' own schema with unknown fields refused, one line each
     * ({@code tools/k8s-schemas/validate.mjs}: kubernetes-models' validators and the API's field lists, installed by
     * {@code npm ci --prefix tools/k8s-schemas}, as {@code .ci/run} does).
     */
    public static List<List<String>> kubernetesJobs(ArrayNode jobs) throws Exception {
        assertThat(KUBERNETES_SCHEMAS.resolve("node_modules/kubernetes-models"))
                .as("install the validators: npm ci --prefix tools/k8s-schemas")
                .exists();
        Path input = Files.createTempFile("jobs", ".json");
        Path output = Files.createTempFile("errors", ".json");
        try {
            Files.writeString(input, jobs.toString());
            Process node = new ProcessBuilder("node", "validate.mjs")
                    .directory(KUBERNETES_SCHEMAS.toFile())
                    .redirectInput(input.toFile())
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(new File(output + ".err")))
                    .start();
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
            assertThat(node.exitValue())
                    .as(() -> readQuietly(Path.of(output + ".err")))
                    .isZero();
            List<List<String>> errors = new ArrayList<>();
            for (JsonNode each : new ObjectMapper().readTree(Files.readString(output, StandardCharsets.UTF_8))) {
                List<String> lines = new ArrayList<>();
                each.forEach(line -> lines.add(line.asText()));
                errors.add(lines);
            }
            return errors;
        } finally {
            Files.deleteIfExists(input);
            Files.deleteIfExists(output);
            Files.deleteIfExists(Path.of(output + ".err"));
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "";
        }
    }

    /** The schema errors of {@code document}, one line each. */
    public static List<String> errors(Schema schema, JsonNode document) {
        return schema.validate(document).stream().map(Error::toString).toList();
    }

    private static JsonNode strict(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            if (object.has("properties")
                    && object.get("properties").isObject()
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                    && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("properties")) {
                    field.getValue().forEach(Schemas::strict);
                } else if (!field.getKey().equals("definitions")) {
                    strict(field.getValue());
                }
            }
        } else if (schema.isArray()) {
            schema.forEach(Schemas::strict);
        }
        return schema;
    }
}
