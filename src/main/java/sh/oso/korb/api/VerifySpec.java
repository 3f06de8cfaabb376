package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How verify judges differences. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VerifySpec {

    @JsonPropertyDescription("Fail the run when any offset differs; otherwise differences are reported in the status.")
    private Boolean strict;

    public Boolean getStrict() {
        return strict;
    }

    public void setStrict(Boolean strict) {
        this.strict = strict;
    }
}
