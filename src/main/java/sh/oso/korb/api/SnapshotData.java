package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What a snapshot captured. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SnapshotData {

    @JsonPropertyDescription("Consumer groups in the snapshot (for rollback and verify: the listed ones).")
    private Integer groups;

    @JsonPropertyDescription("Partition offsets of those groups in the snapshot.")
    private Integer totalPartitions;

    @JsonPropertyDescription("When the snapshot was taken (RFC 3339).")
    private String timestamp;

    public Integer getGroups() {
        return groups;
    }

    public void setGroups(Integer groups) {
        this.groups = groups;
    }

    public Integer getTotalPartitions() {
        return totalPartitions;
    }

    public void setTotalPartitions(Integer totalPartitions) {
        this.totalPartitions = totalPartitions;
    }

    public String getTimestamp() {
        return timestamp;
    }

    public void setTimestamp(String timestamp) {
        this.timestamp = timestamp;
    }
}
