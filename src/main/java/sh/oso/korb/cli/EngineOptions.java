package sh.oso.korb.cli;

import java.util.List;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import sh.oso.korb.controller.ControllerConfig;
import sh.oso.korb.engine.EngineKind;

/**
 * What decides the run a resource becomes, shared by {@code korb controller} and {@code korb render} so that
 * both read the same flags (and the same {@code KORB_*} variables) with the same defaults.
 */
final class EngineOptions {

    @Option(
            names = "--engine",
            defaultValue = "tekton",
            converter = EngineConverter.class,
            paramLabel = "ENGINE",
            description = "The engine each resource runs on unless its korb.oso.sh/engine annotation names another:"
                    + " tekton (a PipelineRun), argo (a Workflow) or job (a batch/v1 Job) (default: ${DEFAULT-VALUE}).")
    EngineKind engine;

    @Option(
            names = "--engines",
            split = ",",
            paramLabel = "ENGINE",
            converter = EngineConverter.class,
            description = "Further engines a resource may pick with the korb.oso.sh/engine annotation, comma-separated"
                    + " (default: only --engine). The controller watches the runs of every engine it runs; its"
                    + " ClusterRole must allow them (deploy/engines/<engine>).")
    List<EngineKind> engines = List.of();

    @Option(
            names = "--executor-image",
            defaultValue = ControllerConfig.DEFAULT_IMAGE,
            description = "The korb image the runs' containers run (default: ${DEFAULT-VALUE}).")
    String executorImage;

    @Option(
            names = "--executor-service-account",
            defaultValue = ControllerConfig.DEFAULT_EXECUTOR_ACCOUNT,
            description =
                    "ServiceAccount of the executor pods, in each resource's namespace (default: ${DEFAULT-VALUE}).")
    String executorAccount;

    /** The engines enabled: {@code --engine} and {@code --engines}. */
    Set<EngineKind> enabled() {
        return Set.copyOf(engines);
    }

    /** picocli's converter for an engine's name, with {@link EngineKind#of}'s message. */
    static final class EngineConverter implements ITypeConverter<EngineKind> {
        @Override
        public EngineKind convert(String value) {
            try {
                return EngineKind.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
