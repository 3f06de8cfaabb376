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
import picocli.CommandLine.Option;
import sh.oso.korb.controller.ControllerConfig;
import sh.oso.korb.controller.KorbController;

@Command(
        name = "controller",
        mixinStandardHelpOptions = true,
        description = "Run the controller: each KafkaOffsetRollback becomes a Tekton PipelineRun of korb's Tasks,"
                + " and its outcome the resource's status. Runs until stopped.")
final class ControllerCommand implements Callable<Integer> {

    @Option(
            names = "--watch-namespaces",
            split = ",",
            paramLabel = "NS",
            description = "Namespaces to watch, comma-separated (default: all).")
    private List<String> namespaces = List.of();

    @Option(
            names = "--executor-image",
            defaultValue = ControllerConfig.DEFAULT_IMAGE,
            description = "The korb image the Tasks run (default: ${DEFAULT-VALUE}).")
    private String executorImage;

    @Option(
            names = "--executor-service-account",
            defaultValue = ControllerConfig.DEFAULT_EXECUTOR_ACCOUNT,
            description =
                    "ServiceAccount of the executor pods, in each resource's namespace (default: ${DEFAULT-VALUE}).")
    private String executorAccount;

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
                new LinkedHashSet<>(namespaces), executorImage, executorAccount, conflictRecheck, httpPort);
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
