package sh.oso.korb.workflow;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An engine's controller as far as korb's controller can tell, against the fabric8 mock API server: it picks up
 * each run korb's controller creates (a PipelineRun, a Workflow, a Job), runs it with the real executor against
 * the real broker and stores, and writes back the run's status as that engine does.
 */
public interface EngineStandIn extends AutoCloseable {

    /** Starts picking up runs. */
    EngineStandIn start();

    /** Keeps runs matching {@code run} started but unfinished until {@link #release()}. */
    EngineStandIn hold(Predicate<HasMetadata> run);

    /** Lets every held run finish. */
    void release();

    /** A PersistentVolumeClaim of this name is this directory. */
    EngineStandIn claim(String name, Path directory);

    @Override
    void close();

    /**
     * Stops the stand-in's threads and waits for a run in progress to end, so that nothing writes into a test's
     * directory after the test, whose cleanup would then fail.
     */
    static void stop(ExecutorService... pools) {
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
        }
        for (ExecutorService pool : pools) {
            try {
                if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("a stand-in's run did not stop within 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
