package sh.oso.korb.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.KafkaOffsetRollbackStatus;
import sh.oso.korb.api.RunReference;
import sh.oso.korb.engine.ArgoEngine;
import sh.oso.korb.engine.Engine;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.engine.ExecutorSettings;
import sh.oso.korb.engine.JobEngine;
import sh.oso.korb.engine.ResetRunParams;
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

    public Engines(ControllerConfig config) {
        this.defaultEngine = config.engine();
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

    /** A KafkaOffsetReset's spec validated and its run, as the controller creates it. */
    public HasMetadata render(KafkaOffsetReset resource) {
        return forNewRun(resource).render(resource);
    }

    /**
     * The engine a reset that has no run yet runs on, chosen as a rollback's; a spec korb would not run (invalid,
     * headerBased) is refused as an InvalidSpecException with the field and the fix.
     */
    Engine<?> forNewRun(KafkaOffsetReset resource) {
        ResetSpecValidator.validate(resource);
        ResetRunParams.notSupported(resource).ifPresent(message -> {
            throw new InvalidSpecException(message);
        });
        return forNewRun((HasMetadata) resource);
    }

    /** The engine a rollback that has no run yet runs on; an unknown or disabled one is an invalid spec. */
    Engine<?> forNewRun(KafkaOffsetRollback resource) {
        return forNewRun((HasMetadata) resource);
    }

    /** The engine its annotation names, else the installation's default; an unknown or disabled one is invalid. */
    private Engine<?> forNewRun(HasMetadata resource) {
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
        return status.getRun() == null ? Optional.ofNullable(enabled.get(EngineKind.TEKTON)) : forRun(status.getRun());
    }

    /** The engine of the run this reference names (by its kind); empty when that engine is not enabled here. */
    Optional<Engine<?>> forRun(RunReference run) {
        return EngineKind.ofRunKind(run.getKind()).map(enabled::get);
    }

    /**
     * Creates the run, or adopts it when an earlier reconciliation created it but died before the status named it
     * (the name is deterministic).
     */
    static <T extends HasMetadata> T createOrAdopt(Engine<T> engine, T desired, KubernetesClient client) {
        Resource<T> existing = engine.runs(client)
                .inNamespace(desired.getMetadata().getNamespace())
                .withName(desired.getMetadata().getName());
        T run = existing.get();
        if (run != null) {
            return run;
        }
        try {
            return existing.create(desired);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw new RunCreationException(
                        engine.kind().runKind() + " " + desired.getMetadata().getName(), e);
            }
            return existing.get();
        }
    }

    /**
     * The run of this name, from the informer's cache; asked of the API only when the cache has not seen it (yet:
     * a run created moments ago), so that a missing run is never reported from a stale cache. Null when it is gone.
     */
    static <T extends HasMetadata> T find(Engine<T> engine, Context<?> context, String namespace, String name) {
        return context.getSecondaryResources(engine.runType()).stream()
                .filter(cached -> name.equals(cached.getMetadata().getName()))
                .findFirst()
                .orElseGet(() -> engine.runs(context.getClient())
                        .inNamespace(namespace)
                        .withName(name)
                        .get());
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
