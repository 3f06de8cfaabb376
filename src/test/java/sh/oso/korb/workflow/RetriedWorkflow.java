package sh.oso.korb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Workflow of two steps, {@code first} and {@code second}, each a container template with the given
 * retryStrategy that runs the test double {@code flaky} with the run identity and the attempt in its environment
 * ({@code RUN_ID} as the shipped templates form {@code KORB_RUN_ID}, {@code RETRIES}).
 */
final class RetriedWorkflow {

    private RetriedWorkflow() {}

    static JsonNode of(JsonNode retryStrategy) {
        ObjectNode workflow = (ObjectNode) Yaml.parse("""
                apiVersion: argoproj.io/v1alpha1
                kind: Workflow
                metadata:
                  generateName: kafka-offset-retry-
                spec:
                  entrypoint: main
                  templates:
                    - name: main
                      steps:
                        - - name: first
                            template: flaky
                        - - name: second
                            template: flaky
                    - name: flaky
                      container:
                        image: busybox
                        command: [flaky]
                        env:
                          - name: RUN_ID
                            value: "{{workflow.uid}}:{{node.name}}"
                          - name: RETRIES
                            value: "{{retries}}"
                """);
        ((ObjectNode) workflow.at("/spec/templates/1")).set("retryStrategy", retryStrategy);
        return workflow;
    }
}
