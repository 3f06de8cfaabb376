package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The run an engine made of the resource: a Tekton PipelineRun, an Argo Workflow or a Kubernetes Job. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunReference {

    @JsonPropertyDescription("tekton.dev/v1, argoproj.io/v1alpha1 or batch/v1.")
    private String apiVersion;

    @JsonPropertyDescription("PipelineRun, Workflow or Job.")
    private String kind;

    @JsonPropertyDescription("Its name, in the resource's namespace.")
    private String name;

    public RunReference() {}

    public RunReference(String apiVersion, String kind, String name) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.name = name;
    }

    public String getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    @Override
    public String toString() {
        return kind + " " + name;
    }
}
