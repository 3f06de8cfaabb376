package sh.oso.korb.controller;

import io.fabric8.tekton.v1.PipelineRun;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.engine.ResetPipelineRunFactory;
import sh.oso.korb.engine.ResetRunParams;
import sh.oso.korb.error.InvalidSpecException;

/**
 * The run of a KafkaOffsetReset, for the controller and {@code korb render} alike (through {@link Engines}): the
 * spec checked, the engine checked (Tekton, the only one that runs resets so far) and the PipelineRun rendered.
 */
final class ResetRuns {

    private final ControllerConfig config;
    private final ResetPipelineRunFactory factory;

    ResetRuns(ControllerConfig config) {
        this.config = config;
        this.factory = new ResetPipelineRunFactory(config.executor());
    }

    /** The reset's PipelineRun; a spec korb would not run is refused (InvalidSpec) with the field and the fix. */
    PipelineRun render(KafkaOffsetReset resource) {
        ResetSpecValidator.validate(resource);
        ResetRunParams.notSupported(resource).ifPresent(message -> {
            throw new InvalidSpecException(message);
        });
        onTekton(resource);
        return factory.create(resource);
    }

    /** The engine a new reset runs on must be Tekton, enabled here. */
    private void onTekton(KafkaOffsetReset resource) {
        String annotation = resource.getMetadata().getAnnotations() == null
                ? null
                : resource.getMetadata().getAnnotations().get(EngineKind.ANNOTATION);
        EngineKind kind;
        try {
            kind = annotation == null ? config.engine() : EngineKind.of(annotation);
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException("metadata.annotations[" + EngineKind.ANNOTATION + "]: " + e.getMessage()
                    + "; create the resource again with a valid one");
        }
        if (kind != EngineKind.TEKTON || !config.engines().contains(EngineKind.TEKTON)) {
            throw new InvalidSpecException("a KafkaOffsetReset runs on the tekton engine only so far, and this one"
                    + " would run on " + kind.value()
                    + (config.engines().contains(EngineKind.TEKTON)
                            ? ": create it again with the annotation " + EngineKind.ANNOTATION + ": tekton"
                            : ", as this installation does not run tekton: run korb reset instead"));
        }
    }
}
