package sh.oso.korb.controller;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * Why a reconciliation threw, as the Ready condition says it: a reason and one line naming what failed, with
 * the API server's own message (never the request, its headers or a resource's content).
 *
 * @param reason  {@link ControllerReason#RUN_CREATION_FAILED}, {@link ControllerReason#KUBERNETES_API_ERROR} or
 *                {@link ControllerReason#RECONCILE_ERROR}
 * @param message one line
 */
record ReconcileFailure(String reason, String message) {

    /** An API server's message is short; this only bounds what a proxy in between might answer. */
    static final int API_MESSAGE_LIMIT = 300;

    private static final String RETRYING = "; retrying with backoff";

    static ReconcileFailure of(Throwable thrown) {
        Optional<RunCreationException> creation = cause(thrown, RunCreationException.class);
        if (creation.isPresent()) {
            return new ReconcileFailure(
                    ControllerReason.RUN_CREATION_FAILED.reasonName(),
                    "creating " + creation.get().run() + " failed: "
                            + apiMessage(creation.get().apiError()) + RETRYING);
        }
        return cause(thrown, KubernetesClientException.class)
                .map(api -> new ReconcileFailure(
                        ControllerReason.KUBERNETES_API_ERROR.reasonName(),
                        "a request to the Kubernetes API failed: " + apiMessage(api) + RETRYING))
                .orElseGet(() -> new ReconcileFailure(
                        ControllerReason.RECONCILE_ERROR.reasonName(),
                        "reconciling failed unexpectedly ("
                                + rootCause(thrown).getClass().getSimpleName() + "); see the controller's log"
                                + RETRYING));
    }

    /** The API server's message and HTTP code, else the client's (e.g. the connection that failed). */
    static String apiMessage(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : String.valueOf(rootCause(e).getMessage());
        String line = message.replaceAll("\\s+", " ").trim();
        line = line.length() <= API_MESSAGE_LIMIT ? line : line.substring(0, API_MESSAGE_LIMIT - 3) + "...";
        return e.getCode() > 0 ? line + " (HTTP " + e.getCode() + ")" : line;
    }

    private static <T extends Throwable> Optional<T> cause(Throwable thrown, Class<T> type) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }

    private static Throwable rootCause(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
