package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What a snapshot captured. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SnapshotData {

    private Integer groups;

    private Integer totalPartitions;

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
