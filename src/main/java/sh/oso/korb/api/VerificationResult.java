package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What verify found. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VerificationResult {

    @JsonPropertyDescription("True when every committed offset matches the snapshot.")
    private Boolean matched;

    @JsonPropertyDescription("The differences, as many as fit in the run's result.")
    private List<ReportedDifference> differences;

    @JsonPropertyDescription("How many partitions differ.")
    private Integer totalDifferences;

    @JsonPropertyDescription("True when differences lists fewer than totalDifferences.")
    private Boolean truncated;

    public Boolean getMatched() {
        return matched;
    }

    public void setMatched(Boolean matched) {
        this.matched = matched;
    }

    public List<ReportedDifference> getDifferences() {
        return differences;
    }

    public void setDifferences(List<ReportedDifference> differences) {
        this.differences = differences;
    }

    public Integer getTotalDifferences() {
        return totalDifferences;
    }

    public void setTotalDifferences(Integer totalDifferences) {
        this.totalDifferences = totalDifferences;
    }

    public Boolean getTruncated() {
        return truncated;
    }

    public void setTruncated(Boolean truncated) {
        this.truncated = truncated;
    }
}
