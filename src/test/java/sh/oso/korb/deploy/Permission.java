package sh.oso.korb.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One thing RBAC allows or refuses: a verb on a resource (with its subresource, "kafkaoffsetrollbacks/status") of an
 * API group, the core group being "". Made both from a ClusterRole's rules and from a request to the API server, as
 * the API server's request-info resolver names it, so that what a client asked for can be checked against what it
 * was granted.
 */
public record Permission(String group, String resource, String verb) {

    @Override
    public String toString() {
        return verb + " " + (group.isEmpty() ? "" : group + "/") + resource;
    }

    /** Every permission a rule grants; wildcards and resourceNames are refused: deploy/ names what it grants. */
    public static Set<Permission> of(JsonNode rule) {
        if (rule.has("resourceNames") || rule.has("nonResourceURLs")) {
            throw new UnsupportedOperationException("a rule by resourceNames or nonResourceURLs: " + rule);
        }
        if (rule.toString().contains("\"*\"")) {
            throw new IllegalArgumentException("a rule with a wildcard: " + rule);
        }
        Set<Permission> permissions = new LinkedHashSet<>();
        for (JsonNode group : rule.path("apiGroups")) {
            for (JsonNode resource : rule.path("resources")) {
                for (JsonNode verb : rule.path("verbs")) {
                    permissions.add(new Permission(group.asText(), resource.asText(), verb.asText()));
                }
            }
        }
        return permissions;
    }

    /**
     * What a request asks for, as the API server sees it: GET of a named object is get, of a collection list, or
     * watch with {@code watch=true}; POST create, PUT update, PATCH patch; DELETE of a named object delete, of a
     * collection deletecollection. Null for a path that is not a resource's (discovery, /version).
     */
    public static Permission of(String method, URI uri) {
        List<String> path = new ArrayList<>(
                Arrays.asList(uri.getPath().replaceFirst("^/", "").split("/")));
        String group;
        if (path.size() >= 3 && path.get(0).equals("api")) {
            group = "";
            path = path.subList(2, path.size());
        } else if (path.size() >= 4 && path.get(0).equals("apis")) {
            group = path.get(1);
            path = path.subList(3, path.size());
        } else {
            return null;
        }
        if (path.size() >= 3 && path.get(0).equals("namespaces")) {
            path = path.subList(2, path.size()); // a namespaced resource, not the Namespace itself
        }
        String resource = path.get(0) + (path.size() > 2 ? "/" + path.get(2) : "");
        boolean named = path.size() > 1;
        boolean watch = uri.getQuery() != null
                && Arrays.asList(uri.getQuery().split("&")).contains("watch=true");
        String verb = switch (method.toUpperCase(Locale.ROOT)) {
            case "GET" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("no RBAC verb for " + method + " " + uri);
        };
        return new Permission(group, resource, verb);
    }
}
