package sh.oso.korb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Tekton's remote resolution as the runner offers it: a {@code taskRef} or {@code pipelineRef} with
 * {@code resolver: git} (params {@code url}, {@code revision}, {@code pathInRepo}) reads the file from this
 * project's working tree when {@code url} is the project's repository; {@code resolver: cluster} (params
 * {@code kind}, {@code name}, {@code namespace}) finds what was applied to the runner. Missing params are
 * refused with the resolvers' own messages ({@code pkg/resolution/resolver/git}, {@code .../cluster}).
 */
final class TektonResolver {

    /** The project's repository, as the README's install instructions name it for the git resolver. */
    static final String PROJECT_REPOSITORY = "https://github.com/oso-sh/korb.git";

    private TektonResolver() {}

    /** The resolver's params, with the run's variables substituted (Tekton allows params and context there). */
    static Map<String, String> params(JsonNode ref, UnaryOperator<String> substitute) {
        Map<String, String> params = new LinkedHashMap<>();
        for (JsonNode param : ref.path("params")) {
            params.put(
                    param.path("name").asText(),
                    substitute.apply(param.path("value").asText()));
        }
        return params;
    }

    /** The git resolver: {@code ValidateParams}' checks, then the file at pathInRepo of this project. */
    static JsonNode git(Map<String, String> params, String kind) {
        if (params.getOrDefault("url", "").isEmpty()
                && params.getOrDefault("repo", "").isEmpty()) {
            throw new WorkflowException("must specify one of 'url' or 'repo'");
        }
        List<String> missing = new ArrayList<>();
        for (String required : List.of("revision", "pathInRepo")) {
            if (params.getOrDefault(required, "").isEmpty()) {
                missing.add(required);
            }
        }
        if (!missing.isEmpty()) {
            throw new WorkflowException("missing required git resolver params: " + String.join(", ", missing));
        }
        if (!PROJECT_REPOSITORY.equals(params.get("url"))) {
            throw new WorkflowException(
                    "the runner resolves only " + PROJECT_REPOSITORY + ", not " + params.get("url"));
        }
        Path file = Yaml.PROJECT.resolve(params.get("pathInRepo")).normalize();
        if (!file.startsWith(Yaml.PROJECT) || !Files.isRegularFile(file)) {
            throw new WorkflowException("error opening file \"" + params.get("pathInRepo") + "\": file does not exist");
        }
        JsonNode resource = Yaml.read(file);
        if (!resource.path("kind").asText().equalsIgnoreCase(kind)) {
            throw new WorkflowException(params.get("pathInRepo") + " holds a "
                    + resource.path("kind").asText() + ", not a " + kind);
        }
        return resource;
    }

    /**
     * The cluster resolver: {@code ValidateParams}' checks, then what was applied in that namespace ({@code tasks}
     * and {@code pipelines} by {@code namespace/name}).
     */
    static JsonNode cluster(Map<String, String> params, Map<String, JsonNode> tasks, Map<String, JsonNode> pipelines) {
        List<String> missing = new ArrayList<>();
        String kind = params.getOrDefault("kind", "");
        if (kind.isEmpty()) {
            missing.add("kind");
        } else if (!kind.equals("task") && !kind.equals("pipeline")) {
            throw new WorkflowException("unknown or unsupported resource kind '" + kind + "'");
        }
        for (String required : List.of("name", "namespace")) {
            if (params.getOrDefault(required, "").isEmpty()) {
                missing.add(required);
            }
        }
        if (!missing.isEmpty()) {
            throw new WorkflowException("missing required cluster resolver params: " + String.join(", ", missing));
        }
        String name = params.get("name");
        return Optional.ofNullable((kind.equals("task") ? tasks : pipelines).get(params.get("namespace") + "/" + name))
                .orElseThrow(() -> new WorkflowException(kind + "s.tekton.dev \"" + name + "\" not found"));
    }
}
