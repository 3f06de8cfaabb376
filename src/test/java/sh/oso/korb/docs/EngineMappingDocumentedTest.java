package sh.oso.korb.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.workflow.Yaml;

/**
 * The README's table "How the spec maps to each engine" says where each spec field lands in the run of each engine.
 * Each cell is held to what {@code korb render} (the controller's own code) prints: a resource with the field set has
 * the value at the cell's place, and the same resource without it (or with another value, where the field is
 * required) has not; a cell that says "none" means the field leaves that engine's run unchanged. Every field of the
 * CRD's spec has exactly one row.
 */
class EngineMappingDocumentedTest {

    private static final Path README = Yaml.PROJECT.resolve("README.md");
    private static final Path CRD = Yaml.PROJECT.resolve("deploy/crds/kafkaoffsetrollbacks.kafka.oso.sh-v1.yml");
    private static final String HEADING = "### How the spec maps to each engine";
    /** Fields passed to the run whole, not field by field: Kubernetes' ResourceRequirements. */
    private static final List<String> WHOLE = List.of("resources");

    /** What every sample adds its fields to: a valid verify, which reads every field of the spec but job's. */
    private static final String BASE = "{kafkaCluster: {bootstrapServers: ['kafka:9092']}, consumerGroups: [group-b],"
            + " operation: verify, snapshotId: snap-b}";

    private static final String SASL = "securityProtocol: SASL_SSL, saslSecret: {name: sasl-b";
    private static final String S3 = "storage: {storageType: s3, s3: {bucket: bucket-b, region: region-b";
    private static final String AZURE = "storage: {storageType: azure, azure: {container: container-b";
    private static final String GCS = "storage: {storageType: gcs, gcs: {bucket: bucket-b";

    /**
     * For each spec field, a spec fragment (added to {@link #BASE}) that sets it to a value found nowhere else in the
     * run; without {@code unset}, the comparison is the same fragment without the field (and without parents that are
     * left empty).
     */
    private static final Map<String, Sample> SAMPLES = samples(
            new Sample("operation", "{operation: snapshot}", "{}"),
            new Sample(
                    "kafkaCluster.bootstrapServers",
                    "{kafkaCluster: {bootstrapServers: ['broker-v1:9093', 'broker-v2:9094']}}",
                    "{}"),
            new Sample("kafkaCluster.securityProtocol", "{kafkaCluster: {securityProtocol: SSL}}"),
            new Sample(
                    "kafkaCluster.saslSecret.name",
                    "{kafkaCluster: {securityProtocol: SASL_SSL, saslSecret: {name: sasl-v}}}",
                    "{kafkaCluster: {" + SASL + "}}}"),
            new Sample(
                    "kafkaCluster.saslSecret.mechanism", "{kafkaCluster: {" + SASL + ", mechanism: SCRAM-SHA-512}}}"),
            new Sample(
                    "kafkaCluster.saslSecret.usernameKey", "{kafkaCluster: {" + SASL + ", usernameKey: user-key-v}}}"),
            new Sample(
                    "kafkaCluster.saslSecret.passwordKey",
                    "{kafkaCluster: {" + SASL + ", passwordKey: password-key-v}}}"),
            new Sample(
                    "kafkaCluster.tlsSecret.name", "{kafkaCluster: {securityProtocol: SSL, tlsSecret: {name: tls-v}}}"),
            new Sample("kafkaCluster.tlsSecret.caKey", "{kafkaCluster: {tlsSecret: {name: tls-b, caKey: ca-key-v}}}"),
            new Sample(
                    "kafkaCluster.tlsSecret.certKey",
                    "{kafkaCluster: {tlsSecret: {name: tls-b, certKey: cert-key-v}}}"),
            new Sample(
                    "kafkaCluster.tlsSecret.keyKey", "{kafkaCluster: {tlsSecret: {name: tls-b, keyKey: key-key-v}}}"),
            new Sample("consumerGroups", "{consumerGroups: [group-v1, group-v2]}", "{}"),
            new Sample("consumerGroupPattern", "{consumerGroups: null, consumerGroupPattern: 'group-v.*'}", "{}"),
            new Sample("snapshotId", "{snapshotId: snap-v}", "{}"),
            new Sample(
                    "storage.storageType", "{" + GCS + "}}}", "{storage: {storageType: configMap, gcs: {bucket: b}}}"),
            new Sample("storage.configMap.name", "{storage: {storageType: configMap, configMap: {name: cm-v}}}"),
            new Sample(
                    "storage.pvc.claimName",
                    "{storage: {storageType: pvc, pvc: {claimName: claim-v}}}",
                    "{storage: {storageType: pvc, pvc: {claimName: claim-b}}}"),
            new Sample(
                    "storage.s3.bucket",
                    "{storage: {storageType: s3, s3: {bucket: bucket-v, region: region-b}}}",
                    "{" + S3 + "}}}"),
            new Sample(
                    "storage.s3.region",
                    "{storage: {storageType: s3, s3: {bucket: bucket-b, region: region-v}}}",
                    "{" + S3 + "}}}"),
            new Sample("storage.s3.prefix", "{" + S3 + ", prefix: prefix-v}}}"),
            new Sample("storage.s3.endpoint", "{" + S3 + ", endpoint: 'https://endpoint-v.example'}}}"),
            new Sample("storage.s3.pathStyle", "{" + S3 + ", pathStyle: true}}}"),
            new Sample("storage.s3.credentialsSecret.name", "{" + S3 + ", credentialsSecret: {name: s3-creds-v}}}}"),
            new Sample(
                    "storage.azure.container",
                    "{storage: {storageType: azure, azure: {container: container-v}}}",
                    "{" + AZURE + "}}}"),
            new Sample("storage.azure.prefix", "{" + AZURE + ", prefix: prefix-v}}}"),
            new Sample("storage.azure.endpoint", "{" + AZURE + ", endpoint: 'https://endpoint-v.example'}}}"),
            new Sample(
                    "storage.azure.credentialsSecret.name",
                    "{" + AZURE + ", credentialsSecret: {name: azure-creds-v}}}}"),
            new Sample(
                    "storage.gcs.bucket", "{storage: {storageType: gcs, gcs: {bucket: bucket-v}}}", "{" + GCS + "}}}"),
            new Sample("storage.gcs.prefix", "{" + GCS + ", prefix: prefix-v}}}"),
            new Sample("storage.gcs.credentialsSecret.name", "{" + GCS + ", credentialsSecret: {name: gcs-creds-v}}}}"),
            new Sample("verify.strict", "{verify: {strict: true}}"),
            new Sample("exact", "{exact: true}"),
            new Sample("resources", "{resources: {requests: {cpu: 123m, memory: 321Mi}, limits: {memory: 654Mi}}}"),
            new Sample("job.backoffLimit", "{job: {backoffLimit: 7}}"),
            new Sample("job.activeDeadlineSeconds", "{job: {activeDeadlineSeconds: 3723}}"),
            new Sample("job.ttlSecondsAfterFinished", "{job: {ttlSecondsAfterFinished: 601}}"));

    @TempDir
    Path work;

    @Test
    void everySpecFieldOfTheCrdHasExactlyOneRowAndASample() throws IOException {
        List<String> documented = new ArrayList<>();
        table().forEach(row -> documented.addAll(row.fields()));

        assertThat(documented).doesNotHaveDuplicates();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(specFields());
        assertThat(SAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(specFields());
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void everyCellNamesThePlaceInTheRenderedRunThatHoldsItsField(EngineKind engine) throws IOException {
        List<Cell> cells = new ArrayList<>();
        for (Row row : table()) {
            cells.addAll(row.cells(engine));
        }

        assertThat(mismatches(engine, cells)).isEmpty();
    }

    /** The check above can fail: a cell naming the wrong place, and "none" for a field that changes the run. */
    @Test
    void aCellNamingTheWrongPlaceOrNoneForAMappedFieldIsCaught() throws IOException {
        List<Cell> wrong = List.of(
                new Cell("kafkaCluster.bootstrapServers", "spec.params[snapshot-id]"),
                new Cell("snapshotId", "spec.params[nonexistent]"),
                new Cell("storage.s3.region", "spec.params[storage-type]"),
                new Cell("job.backoffLimit", null));

        assertThat(mismatches(EngineKind.TEKTON, wrong))
                .hasSize(4)
                .anySatisfy(line -> assertThat(line).contains("snapshot-id").contains("broker-v1:9093"))
                .anySatisfy(line -> assertThat(line).contains("nonexistent").contains("nothing"))
                .anySatisfy(
                        line -> assertThat(line).contains("job.backoffLimit").contains("none"));
    }

    /** What is wrong with each cell, rendering a resource with each field set and one without for every cell. */
    private List<String> mismatches(EngineKind engine, List<Cell> cells) throws IOException {
        List<JsonNode> resources = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Sample sample = SAMPLES.get(cells.get(i).field());
            assertThat(sample).as("a sample for %s", cells.get(i).field()).isNotNull();
            resources.add(resource("set-" + i, sample.set()));
            resources.add(resource("unset-" + i, sample.unset()));
        }
        List<JsonNode> runs = render(engine, resources);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            JsonNode set = runs.get(2 * i);
            JsonNode unset = runs.get(2 * i + 1);
            String where = engine + " " + cell.field() + " -> " + (cell.path() == null ? "none" : cell.path());
            if (cell.path() == null) {
                if (!set.path("spec").equals(unset.path("spec"))) {
                    mismatches.add(where + ": the README says none, but the field changes the run's spec");
                }
                continue;
            }
            JsonNode value = Yaml.parse(SAMPLES.get(cell.field()).set()).at(pointer(cell.field()));
            Optional<JsonNode> withField = at(set, cell.path());
            if (withField.isEmpty()) {
                mismatches.add(where + ": the run has nothing there; the field is " + value);
            } else if (!holds(withField.get(), value)) {
                mismatches.add(where + ": holds " + withField.get() + ", not " + value);
            } else if (at(unset, cell.path())
                    .filter(other -> holds(other, value))
                    .isPresent()) {
                mismatches.add(where + ": holds " + value + " without the field too: the cell proves nothing");
            }
        }
        return mismatches;
    }

    /** The resources, rendered together by {@code korb render} on one engine, in order. */
    private List<JsonNode> render(EngineKind engine, List<JsonNode> resources) throws IOException {
        StringBuilder yaml = new StringBuilder();
        for (JsonNode resource : resources) {
            yaml.append(Yaml.write(resource)).append("---\n");
        }
        Path file = Files.writeString(work.resolve(engine + ".yaml"), yaml);

        CliRun.Result result = CliRun.korb("render", "-f", file.toString(), "-n", "docs", "--engine", engine.value());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<JsonNode> runs = new ArrayList<>();
        for (String document : result.out().split("(?m)^---$")) {
            runs.add(Yaml.parse(document));
        }
        assertThat(runs).hasSameSizeAs(resources);
        return runs;
    }

    private static JsonNode resource(String name, String spec) {
        ObjectNode resource = (ObjectNode) Yaml.parse(
                "{apiVersion: kafka.oso.sh/v1alpha1, kind: KafkaOffsetRollback, metadata: {name: " + name + "}}");
        ObjectNode merged = (ObjectNode) Yaml.parse(BASE);
        merge(merged, (ObjectNode) Yaml.parse(spec));
        resource.set("spec", merged);
        return resource;
    }

    /** Objects merged field by field; a null removes the field (BASE's groups, for a pattern); anything else replaced. */
    private static void merge(ObjectNode into, ObjectNode from) {
        from.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                into.remove(field.getKey());
            } else if (field.getValue().isObject() && into.path(field.getKey()).isObject()) {
                merge((ObjectNode) into.get(field.getKey()), (ObjectNode) field.getValue());
            } else {
                into.set(field.getKey(), field.getValue());
            }
        });
    }

    /**
     * Whether a place in the run holds the field's value: each of its scalars (an array's items, an object's leaves)
     * is in the place's text (a parameter's or variable's {@code value}), or the place is a Go duration of that many
     * seconds.
     */
    private static boolean holds(JsonNode place, JsonNode value) {
        JsonNode node = place.isObject() && place.has("value") && place.size() == 2 && place.has("name")
                ? place.get("value")
                : place;
        String text = node.isValueNode() ? node.asText() : node.toString();
        List<String> scalars = new ArrayList<>();
        scalars(value, scalars);
        return scalars.stream().allMatch(scalar -> text.contains(scalar) || goDurationIs(text, scalar));
    }

    private static void scalars(JsonNode value, List<String> into) {
        if (value.isValueNode()) {
            into.add(value.asText());
        } else {
            value.forEach(child -> scalars(child, into));
        }
    }

    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private static boolean goDurationIs(String text, String seconds) {
        if (!text.matches("(" + GO_DURATION_PART.pattern() + ")+") || !seconds.matches("\\d+")) {
            return false;
        }
        BigDecimal total = BigDecimal.ZERO;
        Matcher part = GO_DURATION_PART.matcher(text);
        while (part.find()) {
            BigDecimal unit = switch (part.group(2)) {
                case "h" -> BigDecimal.valueOf(3600);
                case "m" -> BigDecimal.valueOf(60);
                case "s" -> BigDecimal.ONE;
                case "ms" -> new BigDecimal("1e-3");
                case "us", "µs" -> new BigDecimal("1e-6");
                default -> new BigDecimal("1e-9");
            };
            total = total.add(new BigDecimal(part.group(1)).multiply(unit));
        }
        return total.compareTo(new BigDecimal(seconds)) == 0;
    }

    private static final Pattern PATH_STEP = Pattern.compile("([^.\\[\\]]+)|\\[([^\\]]+)]");

    /**
     * The node at a README path: dotted field names, {@code [n]} an array's item n, {@code [x]} the item named x;
     * in the Job's column {@code pod} is the pod template's spec and {@code container} its one container, in Argo's
     * {@code template} the Workflow's one template.
     */
    static Optional<JsonNode> at(JsonNode run, String path) {
        String expanded = path.replaceFirst("^container\\.", "pod.containers[0].")
                .replaceFirst("^pod\\.", "spec.template.spec.")
                .replaceFirst("^template\\.", "spec.templates[0].");
        JsonNode node = run;
        Matcher step = PATH_STEP.matcher(expanded);
        while (step.find() && node != null) {
            if (step.group(1) != null) {
                node = node.get(step.group(1));
            } else if (step.group(2).matches("\\d+")) {
                node = node.isArray() ? node.get(Integer.parseInt(step.group(2))) : null;
            } else {
                node = named(node, step.group(2));
            }
        }
        return Optional.ofNullable(node).filter(found -> !found.isNull());
    }

    private static JsonNode named(JsonNode array, String name) {
        if (!array.isArray()) {
            return null;
        }
        for (JsonNode item : array) {
            if (name.equals(item.path("name").asText())) {
                return item;
            }
        }
        return null;
    }

    private static String pointer(String field) {
        return "/" + field.replace('.', '/');
    }

    /** Every field of the CRD's spec, dotted, down to its leaves ({@link #WHOLE} counting as leaves). */
    private static List<String> specFields() {
        JsonNode spec = Yaml.read(CRD).at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
        assertThat(spec.isMissingNode()).as("the CRD's spec schema in %s", CRD).isFalse();
        List<String> fields = new ArrayList<>();
        leaves(spec, "", fields);
        return fields;
    }

    private static void leaves(JsonNode schema, String prefix, List<String> into) {
        JsonNode properties = schema.path("properties");
        if (properties.isEmpty() || WHOLE.contains(prefix)) {
            into.add(prefix);
            return;
        }
        Iterator<String> names = properties.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            leaves(properties.get(name), prefix.isEmpty() ? name : prefix + "." + name, into);
        }
    }

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern BRACES = Pattern.compile("\\{([^}]+)}");

    /** The table's rows, columns found by the engine each header cell names. */
    private static List<Row> table() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int heading = lines.indexOf(HEADING);
        assertThat(heading).as("README heading %s", HEADING).isNotNegative();
        List<String> table = lines.subList(heading + 1, lines.size()).stream()
                .dropWhile(line -> !line.startsWith("|"))
                .takeWhile(line -> line.startsWith("|"))
                .toList();
        assertThat(table).as("the table under %s", HEADING).hasSizeGreaterThan(2);
        List<String> header = cells(table.get(0));
        Map<EngineKind, Integer> columns = new LinkedHashMap<>();
        for (int i = 1; i < header.size(); i++) {
            columns.put(EngineKind.of(code(header.get(i)).orElseThrow()), i);
        }
        assertThat(columns).as("the table's engine columns").containsOnlyKeys(EngineKind.values());
        List<Row> rows = new ArrayList<>();
        for (String line : table.subList(2, table.size())) {
            List<String> cells = cells(line);
            assertThat(cells).as(line).hasSameSizeAs(header);
            Map<EngineKind, String> places = new LinkedHashMap<>();
            columns.forEach((engine, column) -> places.put(
                    engine,
                    cells.get(column).startsWith("none")
                            ? null
                            : code(cells.get(column))
                                    .orElseThrow(() -> new AssertionError("no `place` and not none: " + line))));
            rows.add(new Row(code(cells.get(0)).orElseThrow(() -> new AssertionError("no `field`: " + line)), places));
        }
        return rows;
    }

    private static List<String> cells(String line) {
        String inner = line.trim().replaceAll("^\\|", "").replaceAll("\\|$", "");
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("\\|", -1)) {
            cells.add(cell.trim());
        }
        return cells;
    }

    private static Optional<String> code(String cell) {
        Matcher code = CODE.matcher(cell);
        return code.find() ? Optional.of(code.group(1)) : Optional.empty();
    }

    /** {@code a.{b,c}} as {@code a.b}, {@code a.c}: one brace group at most. */
    static List<String> expand(String text) {
        Matcher braces = BRACES.matcher(text);
        if (!braces.find()) {
            return List.of(text);
        }
        List<String> expanded = new ArrayList<>();
        for (String choice : braces.group(1).split(",")) {
            expanded.add(text.substring(0, braces.start()) + choice.trim() + text.substring(braces.end()));
        }
        return expanded;
    }

    /** A row: its field (a brace group names several) and each engine's place, null for none. */
    private record Row(String field, Map<EngineKind, String> places) {

        List<String> fields() {
            return expand(field);
        }

        /** One cell per field: a place with a brace group has one choice per field, in order. */
        List<Cell> cells(EngineKind engine) {
            List<String> fields = fields();
            String place = places.get(engine);
            List<String> expanded = place == null ? null : expand(place);
            if (expanded != null && expanded.size() > 1) {
                assertThat(expanded)
                        .as("%s: %s names as many places as fields", field, place)
                        .hasSameSizeAs(fields);
            }
            List<Cell> cells = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                cells.add(
                        new Cell(fields.get(i), expanded == null ? null : expanded.get(expanded.size() == 1 ? 0 : i)));
            }
            return cells;
        }
    }

    /** One field on one engine: where the README says it lands, null for none. */
    private record Cell(String field, String path) {}

    /** A spec fragment setting the field, and one without it (null: the same without the field). */
    private record Sample(String field, String set, String unset) {

        Sample(String field, String set) {
            this(field, set, without(set, field));
        }

        private static String without(String set, String field) {
            ObjectNode spec = (ObjectNode) Yaml.parse(set);
            remove(spec, List.of(field.split("\\.")));
            return spec.toString();
        }

        /** Removes the field, and the objects it leaves empty. */
        private static void remove(ObjectNode node, List<String> path) {
            if (path.size() == 1) {
                node.remove(path.get(0));
                return;
            }
            JsonNode child = node.get(path.get(0));
            if (child instanceof ObjectNode object) {
                remove(object, path.subList(1, path.size()));
                if (object.isEmpty()) {
                    node.remove(path.get(0));
                }
            }
        }
    }

    private static Map<String, Sample> samples(Sample... samples) {
        Map<String, Sample> byField = new LinkedHashMap<>();
        for (Sample sample : samples) {
            assertThat(byField.put(sample.field(), sample)).as(sample.field()).isNull();
            assertThat(Yaml.parse(sample.set()).at(pointer(sample.field())).isMissingNode())
                    .as("the sample of %s sets it", sample.field())
                    .isFalse();
        }
        return byField;
    }
}
