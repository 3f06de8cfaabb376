package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One partition whose committed offset differs from the snapshot, as {@code verificationResult.differences} lists it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReportedDifference {

    @JsonPropertyDescription("The consumer group.")
    private String group;

    @JsonPropertyDescription("The topic.")
    private String topic;

    @JsonPropertyDescription("The partition.")
    private Integer partition;

    @JsonPropertyDescription("The snapshot's offset.")
    private Long expected;

    @JsonPropertyDescription("The committed offset now; absent when there is none.")
    private Long actual;

    @JsonPropertyDescription(
            "offset-differs, missing, or the drift that explains it (below-log-start, topic-deleted, topic-recreated, ...).")
    private String kind;

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public Integer getPartition() {
        return partition;
    }

    public void setPartition(Integer partition) {
        this.partition = partition;
    }

    public Long getExpected() {
        return expected;
    }

    public void setExpected(Long expected) {
        this.expected = expected;
    }

    public Long getActual() {
        return actual;
    }

    public void setActual(Long actual) {
        this.actual = actual;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }
}
