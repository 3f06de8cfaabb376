package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * A KafkaOffsetReset's status: the public reference's "Status", plus the run that ran it, as a KafkaOffsetRollback's
 * status has it. snapshotId is the undo snapshot: a KafkaOffsetRollback of it puts the offsets back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaOffsetResetStatus implements RunStatus {

    @PrinterColumn(name = "Phase")
    @JsonPropertyDescription("Pending, Running, Completed or Failed.")
    private Phase phase;

    @JsonPropertyDescription("When the run started (RFC 3339).")
    private String startTime;

    @JsonPropertyDescription("When the run finished (RFC 3339).")
    private String completionTime;

    @JsonPropertyDescription("Groups whose offsets changed (in a dry run: would change).")
    private Integer groupsReset;

    @JsonPropertyDescription("The undo snapshot: the offsets the reset replaced, saved before it committed; roll"
            + " back to it with a KafkaOffsetRollback. Absent with createSnapshot false or when nothing changed.")
    private String snapshotId;

    @JsonPropertyDescription("Per group: its status and how many partitions were reset; cut short for many groups"
            + " (groupsReset counts them all).")
    private List<GroupResetStatus> results;

    @JsonPropertyDescription("True when results was cut short: the executor's result holds as many groups as fit.")
    private Boolean resultsTruncated;

    @JsonPropertyDescription("The run that runs this resource, whatever the engine: a Tekton PipelineRun, an Argo"
            + " Workflow or a Kubernetes Job.")
    private RunReference run;

    @JsonPropertyDescription("The spec generation the run was started for.")
    private Long runGeneration;

    @JsonPropertyDescription("Ready: True when the reset succeeded; its reason says why the run ended as it did"
            + " (ResetCompleted, ResetPlanned, GroupsActive, StrategyNotSupported, ...).")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The spec generation this status describes.")
    private Long observedGeneration;

    public Phase getPhase() {
        return phase;
    }

    public void setPhase(Phase phase) {
        this.phase = phase;
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

    public Integer getGroupsReset() {
        return groupsReset;
    }

    public void setGroupsReset(Integer groupsReset) {
        this.groupsReset = groupsReset;
    }

    public String getSnapshotId() {
        return snapshotId;
    }

    public void setSnapshotId(String snapshotId) {
        this.snapshotId = snapshotId;
    }

    public List<GroupResetStatus> getResults() {
        return results;
    }

    public void setResults(List<GroupResetStatus> results) {
        this.results = results;
    }

    public Boolean getResultsTruncated() {
        return resultsTruncated;
    }

    public void setResultsTruncated(Boolean resultsTruncated) {
        this.resultsTruncated = resultsTruncated;
    }

    public RunReference getRun() {
        return run;
    }

    public void setRun(RunReference run) {
        this.run = run;
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
