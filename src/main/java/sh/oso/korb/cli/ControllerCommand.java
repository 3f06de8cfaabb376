package sh.oso.korb.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.oso.korb.controller.ControllerConfig;
import sh.oso.korb.controller.KorbController;

@Command(
        name = "controller",
        mixinStandardHelpOptions = true,
        description = "Run the controller: each KafkaOffsetRollback becomes one run on its engine (a Tekton PipelineRun"
                + " of korb's Tasks, an Argo Workflow or a Kubernetes Job; see --engine and the korb.oso.sh/engine"
                + " annotation), and the run's outcome the resource's status. Runs until stopped. `korb render`"
                + " prints the run it would create.")
final class ControllerCommand implements Callable<Integer> {

    @Option(
            names = "--watch-namespaces",
            split = ",",
            paramLabel = "NS",
            description = "Namespaces to watch, comma-separated (default: all).")
    private List<String> namespaces = List.of();

    @Mixin
    private EngineOptions engineOptions = new EngineOptions();

    @Option(
            names = "--conflict-recheck",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How often a run waiting for a conflicting one looks again (default: ${DEFAULT-VALUE}).")
    private Duration conflictRecheck;

    @Option(
            names = "--http-port",
            defaultValue = "8080",
            description = "Port of /healthz, /readyz and /metrics; -1 for none (default: ${DEFAULT-VALUE}).")
    private int httpPort;

    @Override
    public Integer call() throws InterruptedException {
        ControllerConfig config = new ControllerConfig(
                new LinkedHashSet<>(namespaces),
                engineOptions.executorImage,
                engineOptions.executorAccount,
                conflictRecheck,
                httpPort,
                ControllerConfig.DEFAULT_DELETE_RETRY,
                engineOptions.engine,
                engineOptions.enabled());
        CountDownLatch stopped = new CountDownLatch(1);
        KubernetesClient client = new KubernetesClientBuilder().build();
        KorbController controller = KorbController.start(client, config, Clock.systemUTC());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            controller.close();
                            client.close();
                            stopped.countDown();
                        },
                        "korb-controller-shutdown"));
        stopped.await();
        return 0;
    }
}
