package sh.oso.korb.controller;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** The API server refused or failed to create a resource's PipelineRun (a 403, Tekton not installed, ...). */
final class RunCreationException extends RuntimeException {

    private final String pipelineRun;

    RunCreationException(String pipelineRun, KubernetesClientException cause) {
        super("creating PipelineRun " + pipelineRun + " failed", cause);
        this.pipelineRun = pipelineRun;
    }

    String pipelineRun() {
        return pipelineRun;
    }

    KubernetesClientException apiError() {
        return (KubernetesClientException) getCause();
    }
}
