package sh.oso.korb.controller;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The API server refused or failed to create a resource's run (a 403, the engine's CRD not installed, an
 * admission webhook).
 */
final class RunCreationException extends RuntimeException {

    private final String run;

    /** @param run the run's kind and name, e.g. "Job nightly-g1" */
    RunCreationException(String run, KubernetesClientException cause) {
        super("creating " + run + " failed", cause);
        this.run = run;
    }

    String run() {
        return run;
    }

    KubernetesClientException apiError() {
        return (KubernetesClientException) getCause();
    }
}
