package sh.oso.korb.deploy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Kubernetes client that notes what each of its requests asks of RBAC (every request, watches and retries
 * included, as it leaves the client), and the paths it asks for that are no resource's (discovery).
 */
public final class ApiRequests implements Interceptor {

    private final Set<Permission> permissions = ConcurrentHashMap.newKeySet();
    private final Set<String> otherPaths = ConcurrentHashMap.newKeySet();

    /** A client to the API server of {@code config} that records here. */
    public KubernetesClient client(Config config) {
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("korb-api-requests", this))
                .build();
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        Permission permission = Permission.of(request.method(), request.uri());
        if (permission == null) {
            otherPaths.add(request.method() + " " + request.uri().getPath());
        } else {
            permissions.add(permission);
        }
    }

    public Set<Permission> permissions() {
        return Set.copyOf(permissions);
    }

    public Set<String> otherPaths() {
        return new TreeSet<>(otherPaths);
    }
}
