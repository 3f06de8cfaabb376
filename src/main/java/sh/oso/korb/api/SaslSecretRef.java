package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Secret holding SASL credentials, and the mechanism to use them with. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SaslSecretRef {

    @Required
    @JsonPropertyDescription("The Secret, in the resource's namespace.")
    @Size(max = SpecLimits.NAME_LENGTH)
    private String name;

    @JsonPropertyDescription("PLAIN, SCRAM-SHA-256 (default) or SCRAM-SHA-512.")
    private SaslMechanism mechanism;

    @JsonPropertyDescription("Key of the username; default username.")
    @Size(max = SpecLimits.NAME_LENGTH)
    private String usernameKey;

    @JsonPropertyDescription("Key of the password; default password.")
    @Size(max = SpecLimits.NAME_LENGTH)
    private String passwordKey;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public SaslMechanism getMechanism() {
        return mechanism;
    }

    public void setMechanism(SaslMechanism mechanism) {
        this.mechanism = mechanism;
    }

    public String getUsernameKey() {
        return usernameKey;
    }

    public void setUsernameKey(String usernameKey) {
        this.usernameKey = usernameKey;
    }

    public String getPasswordKey() {
        return passwordKey;
    }

    public void setPasswordKey(String passwordKey) {
        this.passwordKey = passwordKey;
    }
}
