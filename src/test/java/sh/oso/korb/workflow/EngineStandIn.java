package sh.oso.korb.workflow;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
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
}
