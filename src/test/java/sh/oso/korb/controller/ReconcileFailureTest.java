package sh.oso.korb.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** The Ready reason and message of a reconciliation that threw, as JOSDK hands the exception over. */
class ReconcileFailureTest {

    private static KubernetesClientException refused(int code, String message) {
        return new KubernetesClientException(
                new StatusBuilder().withCode(code).withMessage(message).build());
    }

    @Test
    void aRefusedCreateIsRunCreationFailedWithTheApisMessageAndCode() {
        // JOSDK's Micrometer timing wraps what reconcile threw in an OperatorException.
        ReconcileFailure failure = ReconcileFailure.of(new OperatorException(new RunCreationException(
                "PipelineRun step-g1",
                refused(403, "pipelineruns.tekton.dev is forbidden: User \"x\" cannot create resource"))));

        assertThat(failure.reason()).isEqualTo("RunCreationFailed");
        assertThat(failure.message())
                .isEqualTo("creating PipelineRun step-g1 failed: pipelineruns.tekton.dev is"
                        + " forbidden: User \"x\" cannot create resource (HTTP 403); retrying with backoff");
    }

    @Test
    void tektonMissingIsRunCreationFailedToo() {
        ReconcileFailure failure = ReconcileFailure.of(new RunCreationException(
                "PipelineRun step-g1", refused(404, "the server could not find the requested resource")));

        assertThat(failure.reason()).isEqualTo("RunCreationFailed");
        assertThat(failure.message()).contains("could not find the requested resource (HTTP 404)");
    }

    @Test
    void anotherApiFailureIsKubernetesApiErrorWithTheClientsCauseWhenTheServerSaidNothing() {
        KubernetesClientException down = new KubernetesClientException(
                "Failure executing: GET at: " + "https://10.0.0.1/apis/tekton.dev/v1/namespaces/ns/taskruns/x",
                new ConnectException("Connection refused"));

        ReconcileFailure failure = ReconcileFailure.of(new OperatorException(down));

        assertThat(failure.reason()).isEqualTo("KubernetesApiError");
        assertThat(failure.message())
                .isEqualTo("a request to the Kubernetes API failed: Connection refused; retrying" + " with backoff");
    }

    @Test
    void theApisMessageBecomesOneBoundedLine() {
        ReconcileFailure failure = ReconcileFailure.of(refused(500, "first line\n\tsecond line " + "x".repeat(1000)));

        assertThat(failure.message())
                .doesNotContain("\n")
                .doesNotContain("\t")
                .contains("first line second line")
                .hasSizeLessThan(ReconcileFailure.API_MESSAGE_LIMIT + 100);
    }

    @Test
    void anythingElseNamesOnlyTheExceptionsType() {
        ReconcileFailure failure = ReconcileFailure.of(
                new OperatorException(new IllegalStateException("something with password=hunter2 in it")));

        assertThat(failure.reason()).isEqualTo("ReconcileError");
        assertThat(failure.message())
                .isEqualTo("reconciling failed unexpectedly (IllegalStateException); see the"
                        + " controller's log; retrying with backoff");
    }
}
