package sh.oso.korb.engine;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.ParamSpec;
import io.fabric8.tekton.v1.Pipeline;
import io.fabric8.tekton.v1.PipelineSpec;
import io.fabric8.tekton.v1.PipelineWorkspaceDeclaration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import sh.oso.korb.api.Operation;

/**
 * The project's one-operation Pipelines ({@code pipelines/kafka-offset-<operation>.yaml}), packed into the jar at
 * build time so that the PipelineRuns the controller creates embed exactly the Pipelines the project ships and
 * tests, with only what a PipelineRun cannot set (the task's retries) changed per resource.
 */
final class OperationPipelines {

    private static final String RESOURCE_DIRECTORY = "/sh/oso/korb/engine/pipelines/";

    private final Map<Operation, Pipeline> pipelines = new EnumMap<>(Operation.class);

    OperationPipelines() {
        for (Operation operation : Operation.values()) {
            pipelines.put(operation, load(operation.value()));
        }
    }

    /** A copy of the operation's Pipeline spec, free to change. */
    PipelineSpec spec(Operation operation) {
        return Serialization.clone(pipelines.get(operation)).getSpec();
    }

    Set<String> params(Operation operation) {
        return pipelines.get(operation).getSpec().getParams().stream()
                .map(ParamSpec::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    Set<String> workspaces(Operation operation) {
        return pipelines.get(operation).getSpec().getWorkspaces().stream()
                .map(PipelineWorkspaceDeclaration::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The Pipeline kafka-offset-{@code name}: an operation's, or reset (a KafkaOffsetReset's, no Operation). */
    static Pipeline load(String name) {
        String resource = RESOURCE_DIRECTORY + "kafka-offset-" + name + ".yaml";
        try (InputStream yaml = OperationPipelines.class.getResourceAsStream(resource)) {
            if (yaml == null) {
                throw new IllegalStateException(resource + " is missing from the jar: rebuild it with ./mvnw package");
            }
            return Serialization.unmarshal(yaml, Pipeline.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
