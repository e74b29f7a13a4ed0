package io.pulsechat.gateway.hub.routing;

import io.pulsechat.gateway.hub.insights.MoodPoint;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.MemberName;
import io.pulsechat.gateway.protocol.Mood;
import java.util.List;

/**
 * Every answer to a {@link ShardCommand}, refusals included: a caller reads what happened from
 * the reply's type, never from an exception or a number. Asking never fails; an owner that is
 * gone or silent is a reply too ({@link OwnerLeft}, {@link Unavailable}).
 */
public sealed interface ShardReply {

  /** {@code names}: the display names of the listed members that have one besides their user. */
  record Joined(List<String> members, int count, List<ChatMessage> history, Mood mood, List<MemberName> names)
      implements ShardReply {
    public Joined {
      names = names == null ? List.of() : names;
    }

    public Joined(List<String> members, int count, List<ChatMessage> history, Mood mood) {
      this(members, count, history, mood, List.of());
    }
  }

  /** The message is stored (a resend of a stored one is answered with the original id and ts). */
  record Acked(ChatMessage message) implements ShardReply {
  }

  /** The user is online in the room under a guest key, and the join did not carry it. */
  record NameTaken(String user) implements ShardReply {
  }

  /** The sender is not in the room (a leave raced the command). */
  record NotMember(String room) implements ShardReply {
  }

  /** The room's rules do not let the user do it (an edit of another's message). */
  record Forbidden(String reason) implements ShardReply {
  }

  /** No message {@code id} in the room that the change could apply to (none, or deleted). */
  record NoMessage(String id) implements ShardReply {
  }

  /** A reaction past what a message may carry, or one user may put on it. */
  record TooManyReactions(String reason) implements ShardReply {
  }

  /** The owner cannot do it now (storage full or down, the gateway draining); nothing was done. */
  record Unavailable(String reason) implements ShardReply {
  }

  /** The shard holds as many rooms as it may, none of them empty: a new room cannot be loaded now. */
  record RoomsFull(int rooms) implements ShardReply {
  }

  /**
   * The owner's node left the fleet before it answered: the command may or may not have taken
   * effect (a message may be stored), so a resend must keep its client message id.
   */
  record OwnerLeft(String node) implements ShardReply {
  }

  record MoodReport(String room, Mood mood, List<MoodPoint> series) implements ShardReply {
  }

  record Rooms(List<RoomSummary> rooms) implements ShardReply {
  }

  /** Done, nothing to tell (a leave, a rejoin, a drain). */
  record Done() implements ShardReply {
  }

  /** One room in {@link Rooms}; {@code names}: the display names of the listed members that have one. */
  record RoomSummary(String room, int count, List<String> members, Mood mood, List<MemberName> names) {
  }

  ShardReply DONE = new Done();
}
