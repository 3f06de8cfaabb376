package sh.oso.korb.controller;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes Events on a KafkaOffsetRollback or KafkaOffsetReset, as {@code kubectl describe} shows them. */
final class EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final String COMPONENT = "korb-controller";

    private final KubernetesClient client;
    private final Clock clock;

    EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    void normal(HasMetadata resource, String reason, String message) {
        record(resource, "Normal", reason, message);
    }

    void warning(HasMetadata resource, String reason, String message) {
        record(resource, "Warning", reason, message);
    }

    private void record(HasMetadata resource, String type, String reason, String message) {
        String now = clock.instant().toString();
        String namespace = resource.getMetadata().getNamespace();
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(resource.getMetadata().getName() + "."
                        + UUID.randomUUID().toString().substring(0, 13))
                .withNamespace(namespace)
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(resource.getApiVersion())
                        .withKind(resource.getKind())
                        .withName(resource.getMetadata().getName())
                        .withNamespace(namespace)
                        .withUid(resource.getMetadata().getUid())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource()
                .withComponent(COMPONENT)
                .endSource()
                .withReportingComponent(COMPONENT)
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            // An event is a courtesy: losing one must not fail the reconciliation.
            LOG.warn(
                    "could not record event {} on {}/{}: {}",
                    reason,
                    namespace,
                    resource.getMetadata().getName(),
                    e.getMessage());
        }
    }
}
