package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** How the run is retried, bounded and cleaned up. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobSpec {

    @Min(0)
    @JsonPropertyDescription(
            "Retries of the executor after a failure (Tekton: the task's retries; Argo: retryStrategy.limit; Job:"
                    + " backoffLimit). Refusals (exit codes 2-5) are not retried on Argo and Job.")
    private Integer backoffLimit;

    @Min(1)
    @JsonPropertyDescription(
            "Deadline of the whole run (Tekton: the PipelineRun's timeout; Argo and Job: activeDeadlineSeconds).")
    private Long activeDeadlineSeconds;

    @Min(0)
    @JsonPropertyDescription(
            "Seconds after which the finished run is deleted (Argo: ttlStrategy; Job: ttlSecondsAfterFinished;"
                    + " korb deletes it too); the resource and its status stay.")
    private Long ttlSecondsAfterFinished;

    public Integer getBackoffLimit() {
        return backoffLimit;
    }

    public void setBackoffLimit(Integer backoffLimit) {
        this.backoffLimit = backoffLimit;
    }

    public Long getActiveDeadlineSeconds() {
        return activeDeadlineSeconds;
    }

    public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
        this.activeDeadlineSeconds = activeDeadlineSeconds;
    }

    public Long getTtlSecondsAfterFinished() {
        return ttlSecondsAfterFinished;
    }

    public void setTtlSecondsAfterFinished(Long ttlSecondsAfterFinished) {
        this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
    }
}
