package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How the reset went for one group: an item of the executor's group-results result. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GroupResetStatus {

    @JsonPropertyDescription("The consumer group.")
    private String group;

    @JsonPropertyDescription("success, unchanged (already at the targets), failed, uncertain (no answer) or"
            + " not-attempted; in a dry run planned or unchanged.")
    private String status;

    @JsonPropertyDescription("Partitions whose committed offset was (in a dry run: would be) changed.")
    private Integer partitionsReset;

    public GroupResetStatus() {}

    public GroupResetStatus(String group, String status, Integer partitionsReset) {
        this.group = group;
        this.status = status;
        this.partitionsReset = partitionsReset;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public Integer getPartitionsReset() {
        return partitionsReset;
    }

    public void setPartitionsReset(Integer partitionsReset) {
        this.partitionsReset = partitionsReset;
    }
}
