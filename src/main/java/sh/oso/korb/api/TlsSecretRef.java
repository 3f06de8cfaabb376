package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Secret holding TLS material; the keys default to the names cert-manager and Strimzi use. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsSecretRef {

    @Required
    @JsonPropertyDescription("The Secret, in the resource's namespace.")
    @Size(max = SpecLimits.NAME_LENGTH)
    private String name;

    @JsonPropertyDescription("Key of the CA certificate (PEM); default ca.crt.")
    @Size(max = SpecLimits.NAME_LENGTH)
    private String caKey;

    @JsonPropertyDescription("Key of the client certificate for mutual TLS; default tls.crt.")
    @Size(max = SpecLimits.NAME_LENGTH)
    private String certKey;

    @JsonPropertyDescription("Key of the client private key (PKCS#8 PEM); default tls.key.")
    @Size(max = SpecLimits.NAME_LENGTH)
    private String keyKey;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getCaKey() {
        return caKey;
    }

    public void setCaKey(String caKey) {
        this.caKey = caKey;
    }

    public String getCertKey() {
        return certKey;
    }

    public void setCertKey(String certKey) {
        this.certKey = certKey;
    }

    public String getKeyKey() {
        return keyKey;
    }

    public void setKeyKey(String keyKey) {
        this.keyKey = keyKey;
    }
}
