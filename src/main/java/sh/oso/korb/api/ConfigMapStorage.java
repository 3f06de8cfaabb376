package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** Snapshots as keys of a ConfigMap in the resource's namespace (up to about 1 MiB in all). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigMapStorage {

    @JsonPropertyDescription("The ConfigMap; default offset-snapshots.")
    @Size(max = SpecLimits.NAME_LENGTH)
    private String name;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
