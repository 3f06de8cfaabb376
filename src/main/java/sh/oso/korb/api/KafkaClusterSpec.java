package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** How the executor reaches Kafka. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaClusterSpec {

    @Required
    @Size(min = 1, max = SpecLimits.BOOTSTRAP_SERVERS)
    @JsonPropertyDescription("Bootstrap servers, host:port each.")
    private List<@Size(max = SpecLimits.SERVER_LENGTH) String> bootstrapServers;

    @JsonPropertyDescription("PLAINTEXT (default), SSL, SASL_PLAINTEXT or SASL_SSL.")
    private SecurityProtocol securityProtocol;

    @JsonPropertyDescription("A Secret with the CA certificate and, for mutual TLS, the client certificate and key.")
    private TlsSecretRef tlsSecret;

    @JsonPropertyDescription("A Secret with the SASL username and password.")
    private SaslSecretRef saslSecret;

    public List<String> getBootstrapServers() {
        return bootstrapServers;
    }

    public void setBootstrapServers(List<String> bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public SecurityProtocol getSecurityProtocol() {
        return securityProtocol;
    }

    public void setSecurityProtocol(SecurityProtocol securityProtocol) {
        this.securityProtocol = securityProtocol;
    }

    public TlsSecretRef getTlsSecret() {
        return tlsSecret;
    }

    public void setTlsSecret(TlsSecretRef tlsSecret) {
        this.tlsSecret = tlsSecret;
    }

    public SaslSecretRef getSaslSecret() {
        return saslSecret;
    }

    public void setSaslSecret(SaslSecretRef saslSecret) {
        this.saslSecret = saslSecret;
    }

    /** The protocol the brokers are reached with: the spec's, PLAINTEXT when it names none. */
    public SecurityProtocol effectiveSecurityProtocol() {
        return securityProtocol == null ? SecurityProtocol.PLAINTEXT : securityProtocol;
    }
}
