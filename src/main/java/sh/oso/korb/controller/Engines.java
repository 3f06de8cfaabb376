package sh.oso.korb.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.KafkaOffsetRollbackStatus;
import sh.oso.korb.engine.ArgoEngine;
import sh.oso.korb.engine.Engine;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.engine.ExecutorSettings;
import sh.oso.korb.engine.JobEngine;
import sh.oso.korb.engine.TektonEngine;
import sh.oso.korb.error.InvalidSpecException;

/**
 * The engines an installation runs, and which one runs a resource: the one its status names once it has a run,
 * else the one its {@value EngineKind#ANNOTATION} annotation names, else the installation's default. The
 * controller and {@code korb render} both go through {@link #render}, so that what render prints is what the
 * controller creates.
 */
public final class Engines {

    private final EngineKind defaultEngine;
    private final Map<EngineKind, Engine<?>> enabled = new EnumMap<>(EngineKind.class);
    private final ResetRuns resets;

    public Engines(ControllerConfig config) {
        this.defaultEngine = config.engine();
        this.resets = new ResetRuns(config);
        ExecutorSettings executor = config.executor();
        for (EngineKind kind : config.engines()) {
            enabled.put(kind, create(kind, executor));
        }
    }

    private static Engine<?> create(EngineKind kind, ExecutorSettings executor) {
        return switch (kind) {
            case TEKTON -> new TektonEngine(executor);
            case ARGO -> new ArgoEngine(executor);
            case JOB -> new JobEngine(executor);
        };
    }

    public Collection<Engine<?>> enabled() {
        return enabled.values();
    }

    /**
     * The resource's spec validated (the messages the controller puts in status) and the object its engine
     * would create for it.
     */
    public HasMetadata render(KafkaOffsetRollback resource) {
        SpecValidator.validate(resource);
        return forNewRun(resource).render(resource);
    }

    /** A KafkaOffsetReset's run, as the controller creates it (Tekton only so far: {@link ResetRuns}). */
    public HasMetadata render(KafkaOffsetReset resource) {
        return resets.render(resource);
    }

    /** The engine a resource that has no run yet runs on; an unknown or disabled one is an invalid spec. */
    Engine<?> forNewRun(KafkaOffsetRollback resource) {
        String annotation = resource.getMetadata().getAnnotations() == null
                ? null
                : resource.getMetadata().getAnnotations().get(EngineKind.ANNOTATION);
        if (annotation == null) {
            return enabled.get(defaultEngine);
        }
        EngineKind kind;
        try {
            kind = EngineKind.of(annotation);
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException("metadata.annotations[" + EngineKind.ANNOTATION + "]: " + e.getMessage()
                    + "; create the resource again with a valid one");
        }
        Engine<?> engine = enabled.get(kind);
        if (engine == null) {
            throw new InvalidSpecException("metadata.annotations[" + EngineKind.ANNOTATION + "]: engine " + kind
                    + " is not enabled in this installation, which runs "
                    + enabled.keySet().stream().map(EngineKind::value).collect(Collectors.joining(", "))
                    + "; create the resource again without the annotation or naming one of those, or enable the"
                    + " engine (korb controller --engines) and create it again");
        }
        return engine;
    }

    /**
     * The engine of the run the status names: {@code status.run}, or {@code status.pipelineRun} as written by
     * controllers before there were engines. Empty when the engine is not enabled here.
     */
    Optional<Engine<?>> forExistingRun(KafkaOffsetRollbackStatus status) {
        EngineKind kind = status.getRun() == null
                ? EngineKind.TEKTON
                : EngineKind.ofRunKind(status.getRun().getKind()).orElse(null);
        return Optional.ofNullable(kind == null ? null : enabled.get(kind));
    }

    /** The name of the run the status names. */
    static String runName(KafkaOffsetRollbackStatus status) {
        return status.getRun() == null
                ? status.getPipelineRun()
                : status.getRun().getName();
    }

    /** "Job nightly-g1", as messages name the run. */
    static String describeRun(KafkaOffsetRollbackStatus status) {
        return status.getRun() == null
                ? "PipelineRun " + status.getPipelineRun()
                : status.getRun().getKind() + " " + status.getRun().getName();
    }
}
