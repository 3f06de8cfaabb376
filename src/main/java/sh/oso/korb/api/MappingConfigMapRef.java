package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A ConfigMap key holding an offset mapping, for strategy fromMapping: the mapping JSON of the reference
 * ({@code {"groups":{group:{topic:{partition:offset}}}}}) or a Kafka CSV export, as {@code korb reset --from-file}
 * reads them. The run mounts the key as a file.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MappingConfigMapRef {

    @Required
    @Size(max = SpecLimits.NAME_LENGTH)
    @JsonPropertyDescription("The ConfigMap, in the resource's namespace.")
    private String name;

    @Required
    @Size(max = SpecLimits.NAME_LENGTH)
    @JsonPropertyDescription("Its key that holds the mapping, e.g. mapping.json.")
    private String key;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
