package org.apache.kafka.clients.admin;

import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;

/**
 * What the Admin client answers when the broker is too old for a request's filter. It lives in the Admin
 * client's package because {@link ListGroupsResult}'s constructor is not public API.
 */
public final class OldBrokerAnswers {

    private OldBrokerAnswers() {}

    /** The ListGroups answer of a broker that cannot filter by state (before Kafka 2.6) or type (before 3.8). */
    public static ListGroupsResult listGroupsUnsupported() {
        // the Admin client reports each broker's failure as an element of the listing
        KafkaFutureImpl<Collection<Object>> answer = new KafkaFutureImpl<>();
        answer.complete(List.of(new UnsupportedVersionException(
                "The broker only supports ListGroups v3, but we" + " need v4 or newer to request groups by states.")));
        return new ListGroupsResult(answer);
    }
}
