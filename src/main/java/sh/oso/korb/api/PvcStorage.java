package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Snapshots as files on a PersistentVolumeClaim in the resource's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PvcStorage {

    @Required
    @JsonPropertyDescription("The PersistentVolumeClaim, in the resource's namespace.")
    @Size(max = SpecLimits.NAME_LENGTH)
    private String claimName;

    public String getClaimName() {
        return claimName;
    }

    public void setClaimName(String claimName) {
        this.claimName = claimName;
    }
}
