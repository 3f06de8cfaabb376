package sh.oso.korb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argo's workflow-controller, as far as korb's controller can tell: it picks up each new Workflow, validates it as
 * Argo does ({@link ArgoValidator}: a refused one fails with {@code invalid spec: ...}), marks it Running, runs it with
 * {@link ArgoRunner} (the real executor, broker and stores; Secret and ConfigMap volumes from the API as files), and writes the
 * status Argo writes ({@link ArgoStatus}). Argo's Workflow CRD has no status subresource, so the status is updated
 * with the object. {@code spec.activeDeadlineSeconds} fails a run still going at its deadline, and
 * {@code spec.ttlStrategy} deletes a finished Workflow as Argo's TTL controller does. Runs happen one at a time, in
 * the order they were created.
 */
public final class ArgoStandIn implements EngineStandIn {

    static final ResourceDefinitionContext WORKFLOWS = new ResourceDefinitionContext.Builder()
            .withGroup("argoproj.io")
            .withVersion("v1alpha1")
            .withKind("Workflow")
            .withPlural("workflows")
            .withNamespaced(true)
            .build();

    private static final Pattern INPUT = Pattern.compile("\\{\\{inputs\\.parameters\\.([^}\\s]+)}}");

    /** A Workflow started here and not yet finished: whoever finishes it first (the run, the deadline) writes it. */
    private record Active(
            String namespace,
            String name,
            ArgoStatus status,
            Instant deadline,
            AtomicBoolean done,
            CountDownLatch held) {}

    private final KubernetesClient client;
    private final Container container;
    private final Path work;
    private final Map<String, Path> claims = new ConcurrentHashMap<>();
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "argo-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService runs = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "argo-stand-in-pods");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Predicate<HasMetadata> paused = run -> false;

    public ArgoStandIn(KubernetesClient client, Container container, Path work) {
        this.client = client;
        this.container = container;
        this.work = work;
        installCrd(client);
    }

    /** Argo's Workflow CRD as Argo installs it (the minimal CRDs): schemaless, and without a status subresource. */
    public static void installCrd(KubernetesClient client) {
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("workflows.argoproj.io")
                .endMetadata()
                .withNewSpec()
                .withGroup(WORKFLOWS.getGroup())
                .withScope("Namespaced")
                .withNewNames()
                .withKind(WORKFLOWS.getKind())
                .withListKind("WorkflowList")
                .withPlural(WORKFLOWS.getPlural())
                .withSingular("workflow")
                .withShortNames("wf")
                .endNames()
                .addNewVersion()
                .withName(WORKFLOWS.getVersion())
                .withServed(true)
                .withStorage(true)
                .withNewSchema()
                .withOpenAPIV3Schema(new JSONSchemaPropsBuilder()
                        .withType("object")
                        .withXKubernetesPreserveUnknownFields(true)
                        .build())
                .endSchema()
                .endVersion()
                .endSpec()
                .build();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(existing -> existing.update());
    }

    private MixedOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            workflows() {
        return client.genericKubernetesResources(WORKFLOWS);
    }

    @Override
    public ArgoStandIn claim(String name, Path directory) {
        claims.put(name, directory);
        return this;
    }

    @Override
    public ArgoStandIn hold(Predicate<HasMetadata> run) {
        paused = run;
        return this;
    }

    @Override
    public void release() {
        paused = run -> false;
        active.values().forEach(run -> run.held().countDown());
    }

    @Override
    public ArgoStandIn start() {
        loop.scheduleWithFixedDelay(this::tick, 0, 50, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        try {
            Instant now = Instant.now();
            for (GenericKubernetesResource workflow :
                    workflows().inAnyNamespace().list().getItems()) {
                JsonNode json = json(workflow);
                if (json.path("status").path("phase").asText().isEmpty()
                        && seen.add(workflow.getMetadata().getUid())) {
                    pickUp(workflow, json, now);
                } else {
                    expire(workflow, json, now);
                }
            }
            active.values().stream()
                    .filter(run -> run.deadline() != null && now.isAfter(run.deadline()))
                    .forEach(run -> finish(run, run.status().deadlineExceeded(run.deadline(), now)));
        } catch (RuntimeException e) {
            // Keep polling: one broken run must not stop the others (the test sees its status, or its absence).
            e.printStackTrace();
        }
    }

    private void pickUp(GenericKubernetesResource workflow, JsonNode json, Instant now) {
        ArgoRunner runner = new ArgoRunner(container, work);
        try {
            runner.validate(json);
        } catch (WorkflowException e) {
            update(
                    workflow.getMetadata().getNamespace(),
                    workflow.getMetadata().getName(),
                    ArgoStatus.refused(e.getMessage(), now));
            return;
        }
        Active run = new Active(
                workflow.getMetadata().getNamespace(),
                workflow.getMetadata().getName(),
                new ArgoStatus(json, now),
                ArgoStatus.deadline(json, now),
                new AtomicBoolean(),
                new CountDownLatch(paused.test(workflow) ? 1 : 0));
        if (!update(run.namespace(), run.name(), run.status().running())) {
            return;
        }
        active.put(workflow.getMetadata().getUid(), run);
        runs.submit(() -> execute(run, runner, json));
    }

    private void execute(Active run, ArgoRunner runner, JsonNode json) {
        try {
            run.held().await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (run.done().get()) {
            return; // past its deadline while held: Argo would have terminated the pod
        }
        claims.forEach(runner::claim);
        mountVolumes(run.namespace(), json, runner);
        runner.recordAttempts(run.status()::attempt);
        try {
            runner.run(json);
            finish(run, run.status().finished(Instant.now()));
        } catch (WorkflowException e) {
            finish(run, run.status().error(e.getMessage(), Instant.now()));
        } catch (RuntimeException e) {
            finish(run, run.status().error(String.valueOf(e.getMessage()), Instant.now()));
            throw e;
        }
    }

    private void finish(Active run, ObjectNode status) {
        if (run.done().compareAndSet(false, true)) {
            active.values().remove(run);
            run.held().countDown();
            update(run.namespace(), run.name(), status);
        }
    }

    /** Argo's TTL controller: the finished Workflow is deleted its ttlStrategy's seconds after finishedAt. */
    private void expire(GenericKubernetesResource workflow, JsonNode json, Instant now) {
        String phase = json.at("/status/phase").asText();
        String finishedAt = json.at("/status/finishedAt").asText();
        JsonNode ttl = json.at("/spec/ttlStrategy");
        if (finishedAt.isEmpty() || ttl.isMissingNode()) {
            return;
        }
        JsonNode seconds = phase.equals("Succeeded") && ttl.has("secondsAfterSuccess")
                ? ttl.path("secondsAfterSuccess")
                : !phase.equals("Succeeded") && ttl.has("secondsAfterFailure")
                        ? ttl.path("secondsAfterFailure")
                        : ttl.path("secondsAfterCompletion");
        if (!seconds.isMissingNode() && !now.isBefore(Instant.parse(finishedAt).plusSeconds(seconds.asLong()))) {
            workflows()
                    .inNamespace(workflow.getMetadata().getNamespace())
                    .withName(workflow.getMetadata().getName())
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
        }
    }

    /** The whole object updated with its status, as Argo does; false when the Workflow is gone. */
    private boolean update(String namespace, String name, ObjectNode status) {
        for (int attempt = 0; ; attempt++) {
            try {
                GenericKubernetesResource current =
                        workflows().inNamespace(namespace).withName(name).get();
                if (current == null) {
                    return false;
                }
                current.setAdditionalProperty("status", Yaml.MAPPER.convertValue(status, Map.class));
                workflows().inNamespace(namespace).resource(current).update();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return false;
                }
                if (e.getCode() != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /**
     * Each Secret and ConfigMap (a KafkaOffsetReset's mapping) a volume of the Workflow's templates names, read from
     * the API and mounted as files.
     */
    private void mountVolumes(String namespace, JsonNode workflow, ArgoRunner runner) {
        Map<String, String> arguments = new java.util.HashMap<>();
        workflow.at("/spec/arguments/parameters")
                .forEach(parameter -> arguments.put(
                        parameter.path("name").asText(), parameter.path("value").asText()));
        for (JsonNode template : workflow.at("/spec/templates")) {
            for (JsonNode volume : template.path("volumes")) {
                if (volume.has("secret")) {
                    String name = resolve(volume.at("/secret/secretName").asText(), arguments, template);
                    Optional.ofNullable(client.secrets()
                                    .inNamespace(namespace)
                                    .withName(name)
                                    .get())
                            .ifPresent(secret ->
                                    runner.secret(name, files(secret, EngineStandIn.files(secret), namespace)));
                } else if (volume.has("configMap")) {
                    String name = resolve(volume.at("/configMap/name").asText(), arguments, template);
                    Optional.ofNullable(client.configMaps()
                                    .inNamespace(namespace)
                                    .withName(name)
                                    .get())
                            .ifPresent(configMap -> runner.configMap(
                                    name, files(configMap, EngineStandIn.files(configMap), namespace)));
                }
            }
        }
    }

    private static String resolve(String value, Map<String, String> arguments, JsonNode template) {
        Matcher input = INPUT.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (input.find()) {
            String parameter = input.group(1);
            String replacement = arguments.get(parameter);
            for (JsonNode declared : template.at("/inputs/parameters")) {
                if (replacement == null && declared.path("name").asText().equals(parameter)) {
                    replacement = declared.path("default").asText();
                }
            }
            input.appendReplacement(resolved, Matcher.quoteReplacement(String.valueOf(replacement)));
        }
        return input.appendTail(resolved).toString();
    }

    /** The object's files in a directory of their own. */
    private Path files(HasMetadata object, Map<String, byte[]> files, String namespace) {
        return EngineStandIn.mount(
                work.resolve("argo-" + object.getKind().toLowerCase(java.util.Locale.ROOT) + "-" + namespace + "-"
                        + object.getMetadata().getName() + "-" + System.nanoTime()),
                files);
    }

    private static JsonNode json(GenericKubernetesResource workflow) {
        try {
            return Yaml.MAPPER.readTree(Serialization.asJson(workflow));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        release();
        EngineStandIn.stop(loop, runs);
    }
}
