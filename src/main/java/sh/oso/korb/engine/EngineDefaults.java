package sh.oso.korb.engine;

import java.time.Duration;

/**
 * What the engines that act on their own (Argo, Kubernetes' Job controller) are given where the spec is silent or
 * its value would hurt, so that one resource behaves alike on every engine.
 */
final class EngineDefaults {

    /**
     * A run's deadline when {@code job.activeDeadlineSeconds} is unset: Tekton's own default timeout. Without it a
     * Job or Workflow whose pod can never start (a missing Secret or claim) would leave its resource Running forever.
     */
    static final Duration DEADLINE = Duration.ofHours(1);

    /**
     * The least TTL an engine is given. The controller itself deletes a finished run {@code ttlSecondsAfterFinished}
     * after it stored the run's outcome; the engine's own TTL is the backstop for a controller that is down. Below
     * this, the engine could delete the run (and a Job's pods, which hold its results) before the controller read
     * them: with a TTL of 0 they race.
     */
    static final long LEAST_ENGINE_TTL_SECONDS = 60;

    private EngineDefaults() {}

    static long deadlineSeconds(Long activeDeadlineSeconds) {
        return activeDeadlineSeconds == null ? DEADLINE.toSeconds() : activeDeadlineSeconds;
    }

    /** The engine's own TTL for the spec's: at least {@link #LEAST_ENGINE_TTL_SECONDS}, within an int32 field. */
    static int engineTtlSeconds(long ttlSecondsAfterFinished) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(LEAST_ENGINE_TTL_SECONDS, ttlSecondsAfterFinished));
    }
}
