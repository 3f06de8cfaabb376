package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * The resource's status (docs/kafkaoffsetrollback.md): the public reference's "Status", plus the PipelineRun that
 * ran it and the undo snapshot a rollback stored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaOffsetRollbackStatus implements RunStatus {

    @PrinterColumn(name = "Phase")
    @JsonPropertyDescription("Pending, Running, Completed or Failed.")
    private Phase phase;

    @JsonPropertyDescription("The operation run (the spec's).")
    private Operation operation;

    @JsonPropertyDescription("The snapshot it ran on (the spec's).")
    private String snapshotId;

    @JsonPropertyDescription("When the run started (RFC 3339).")
    private String startTime;

    @JsonPropertyDescription("When the run finished (RFC 3339).")
    private String completionTime;

    @JsonPropertyDescription("What the snapshot holds: after snapshot, rollback and verify.")
    private SnapshotData snapshotData;

    @JsonPropertyDescription("After verify: whether the committed offsets match the snapshot, and where they differ.")
    private VerificationResult verificationResult;

    @JsonPropertyDescription("The id of the snapshot a rollback took of the offsets it replaced, to undo it.")
    private String undoSnapshotId;

    @JsonPropertyDescription("The run that runs this resource, whatever the engine: a Tekton PipelineRun, an Argo"
            + " Workflow or a Kubernetes Job.")
    private RunReference run;

    @JsonPropertyDescription("The Tekton PipelineRun that runs this resource (tekton engine only; see run).")
    private String pipelineRun;

    @JsonPropertyDescription("The spec generation the run was started for.")
    private Long runGeneration;

    @JsonPropertyDescription(
            "Ready: True when the operation succeeded; its reason says why the run ended as it did (the README's reasons).")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The spec generation this status describes.")
    private Long observedGeneration;

    public Phase getPhase() {
        return phase;
    }

    public void setPhase(Phase phase) {
        this.phase = phase;
    }

    public Operation getOperation() {
        return operation;
    }

    public void setOperation(Operation operation) {
        this.operation = operation;
    }

    public String getSnapshotId() {
        return snapshotId;
    }

    public void setSnapshotId(String snapshotId) {
        this.snapshotId = snapshotId;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getCompletionTime() {
        return completionTime;
    }

    public void setCompletionTime(String completionTime) {
        this.completionTime = completionTime;
    }

    public SnapshotData getSnapshotData() {
        return snapshotData;
    }

    public void setSnapshotData(SnapshotData snapshotData) {
        this.snapshotData = snapshotData;
    }

    public VerificationResult getVerificationResult() {
        return verificationResult;
    }

    public void setVerificationResult(VerificationResult verificationResult) {
        this.verificationResult = verificationResult;
    }

    public String getUndoSnapshotId() {
        return undoSnapshotId;
    }

    public void setUndoSnapshotId(String undoSnapshotId) {
        this.undoSnapshotId = undoSnapshotId;
    }

    public RunReference getRun() {
        return run;
    }

    public void setRun(RunReference run) {
        this.run = run;
    }

    public String getPipelineRun() {
        return pipelineRun;
    }

    public void setPipelineRun(String pipelineRun) {
        this.pipelineRun = pipelineRun;
    }

    public Long getRunGeneration() {
        return runGeneration;
    }

    public void setRunGeneration(Long runGeneration) {
        this.runGeneration = runGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }
}
