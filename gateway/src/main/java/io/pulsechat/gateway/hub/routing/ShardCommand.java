package io.pulsechat.gateway.hub.routing;

import java.util.List;

/**
 * What sessions, the HTTP API and other nodes ask of room owners. The node a command comes from
 * travels beside it (the event bus header {@link Addresses#FROM_NODE}), not in it. A new command
 * is a record here plus its case in {@code RoomShard.handle}; the wire form follows from the
 * record ({@link WireCodec}).
 */
public sealed interface ShardCommand {

  /** A command for the owner of one room. */
  sealed interface ToRoom extends ShardCommand {
    String room();
  }

  /** A command for every shard of a node. */
  sealed interface ToShard extends ShardCommand {
  }

  /**
   * {@code counted}: a new connection of the user in the room, not a repeated join on the same one.
   * {@code guestKey}: the browser's secret that keeps the name while it is online, or null.
   * {@code name}: what to show for the user when it is not the user itself (a token's name claim), or null.
   */
  record Join(String room, String user, boolean counted, String guestKey, String name) implements ToRoom {
    public Join(String room, String user, boolean counted, String guestKey) {
      this(room, user, counted, guestKey, null);
    }

    public Join(String room, String user, boolean counted) {
      this(room, user, counted, null, null);
    }
  }

  record Leave(String room, String user) implements ToRoom {
  }

  /**
   * The sender node's connections already in the room (one entry per connection), told to a new
   * owner after the previous one left the fleet: they join again without presence frames, and
   * keep the guest keys that hold their names and the names they are shown by.
   */
  record Rejoin(String room, List<Returning> connections) implements ToRoom {
  }

  /** A connection handed back to a room's new owner: as in {@link Join}, {@code guestKey} and {@code name} may be null. */
  record Returning(String user, String guestKey, String name) {
    public Returning(String user) {
      this(user, null, null);
    }
  }

  /** {@code name}: the sender's display name, as in {@link Join}, or null. */
  record Send(String room, String user, String text, String clientMsgId, String name) implements ToRoom {
    public Send(String room, String user, String text, String clientMsgId) {
      this(room, user, text, clientMsgId, null);
    }
  }

  /**
   * A change to a released message of the room by {@code user}; the owner applies a room's
   * changes one at a time, each to what the one before left.
   */
  sealed interface ToMessage extends ToRoom {
    String user();

    String id();
  }

  record Edit(String room, String user, String id, String text) implements ToMessage {
  }

  record Delete(String room, String user, String id) implements ToMessage {
  }

  /** {@code add}: react with the emoji; otherwise take the reaction back. */
  record React(String room, String user, String id, String emoji, boolean add) implements ToMessage {
  }

  /** The user is typing: passed on to the others, at most once per user per typing interval. */
  record Typing(String room, String user, String name) implements ToRoom {
    public Typing(String room, String user) {
      this(room, user, null);
    }
  }

  record MoodQuery(String room) implements ToRoom {
  }

  /**
   * A moderator acted on {@code user} (PROTOCOL.md "moderated"): the members are told, and with
   * {@code evict} the user's connections leave the room at once. {@code until}: a ban's or mute's
   * end, 0 for none.
   */
  record Moderate(String room, String user, String action, String by, long until, boolean evict)
      implements ToRoom {
  }

  /** The shard's rooms with members online. */
  record ListRooms() implements ToShard {
  }

  /** A node left the fleet: its connections leave every room of the shard, and the others are told. */
  record DropNode(String node) implements ToShard {
  }

  /** Answered once no message of the shard waits for storage. */
  record Drain() implements ToShard {
  }
}
