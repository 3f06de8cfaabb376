package sh.oso.korb.kafka;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether a consumer group has live members, and who they are.
 *
 * @param groupId the group
 * @param state   the coordinator's group state, e.g. Stable, Empty, Dead
 * @param members the live members; empty when nobody consumes
 */
public record GroupActivity(String groupId, String state, List<Member> members) {

    public record Member(String clientId, String host) {
        @Override
        public String toString() {
            return clientId + " (" + host + ")";
        }
    }

    public GroupActivity {
        members = List.copyOf(members);
    }

    public boolean isActive() {
        return !members.isEmpty();
    }

    /** e.g. {@code orders (Stable, 2 members: c-1 (/10.0.0.1), c-2 (/10.0.0.2))}. */
    public String describe() {
        return groupId + " (" + state + ", " + members.size() + (members.size() == 1 ? " member: " : " members: ")
                + members.stream().map(Member::toString).collect(Collectors.joining(", ")) + ")";
    }
}
