package io.pulsechat.gateway.hub.delivery;

import io.pulsechat.gateway.hub.routing.ShardCommand;
import io.pulsechat.gateway.protocol.EncodedFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The rooms' members that live on one event loop, and the local end of the fan-out: a frame
 * for a room is written to each of its local members here, on their own event loop.
 *
 * <p>A member is first <em>pending</em> (its join is on its way to the room's owner) and only
 * then <em>active</em>: frames published before the owner saw the join are history, not news.
 * Not thread-safe: one instance per event loop.
 */
public final class LoopMembers {

  /** Told when a room gains its first local member or loses its last one. */
  public interface Subscriptions {
    void subscribe(String room);

    void unsubscribe(String room);
  }

  private static final class Member {
    final Connection connection;
    final String user;
    /** What the room's owner was told with the join, for a new owner should it die. */
    final String guestKey;
    final String name;
    boolean active;
    /** The newest message the member got with its join; an older one arriving live is not sent again. */
    String seenUpTo;

    Member(Connection connection, String user, String guestKey, String name) {
      this.connection = connection;
      this.user = user;
      this.guestKey = guestKey;
      this.name = name;
    }
  }

  /** A list for fast fan-out iteration, an identity index for O(1) joins and leaves. */
  private static final class Members {
    final ArrayList<Member> list = new ArrayList<>();
    final Map<Connection, Integer> index = new IdentityHashMap<>();
    /** The id of the newest message this loop delivered in the room; null before the first. */
    String lastMessageId;

    Member get(Connection c) {
      Integer i = index.get(c);
      return i == null ? null : list.get(i);
    }
  }

  private final Map<String, Members> rooms = new HashMap<>();
  /** The rooms of each connection, joined or being joined. */
  private final Map<Connection, Set<String>> roomsOf = new IdentityHashMap<>();
  private final Subscriptions subscriptions;

  public LoopMembers(Subscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  /**
   * Adds a member that does not receive frames yet; returns false, changing nothing, when the
   * connection is already in the room (joined or being joined). {@code guestKey} and {@code name}
   * are those of its join (null when it has none).
   */
  public boolean addPending(String room, Connection connection, String user, String guestKey, String name) {
    Members members = rooms.get(room);
    if (members == null) {
      members = new Members();
      rooms.put(room, members);
      subscriptions.subscribe(room);
    }
    if (members.index.containsKey(connection)) {
      return false;
    }
    members.index.put(connection, members.list.size());
    members.list.add(new Member(connection, user, guestKey, name));
    roomsOf.computeIfAbsent(connection, c -> new HashSet<>()).add(room);
    return true;
  }

  /** Whether the connection is in the room, joined or being joined. */
  public boolean has(String room, Connection connection) {
    Set<String> joined = roomsOf.get(connection);
    return joined != null && joined.contains(room);
  }

  /** How many rooms the connection is in, joined or being joined. */
  public int roomCountOf(Connection connection) {
    Set<String> joined = roomsOf.get(connection);
    return joined == null ? 0 : joined.size();
  }

  /** Removes the connection from every room it is in; returns those rooms. */
  public List<String> removeEverywhere(Connection connection) {
    Set<String> joined = roomsOf.get(connection);
    List<String> left = joined == null ? List.of() : new ArrayList<>(joined);
    left.forEach(room -> remove(room, connection));
    return left;
  }

  /**
   * From now on the member receives the room's frames, except messages up to {@code seenUpTo}
   * (the newest id of the history it joined with): from an owner on another node, a message
   * released before the join can arrive after it.
   */
  public void activate(String room, Connection connection, String seenUpTo) {
    Members members = rooms.get(room);
    Member m = members == null ? null : members.get(connection);
    if (m != null) {
      m.active = true;
      m.seenUpTo = seenUpTo;
    }
  }

  /** Removes a member; returns whether it was there. */
  public boolean remove(String room, Connection connection) {
    Members members = rooms.get(room);
    Integer i = members == null ? null : members.index.remove(connection);
    if (i == null) {
      return false;
    }
    Set<String> joined = roomsOf.get(connection);
    joined.remove(room);
    if (joined.isEmpty()) {
      roomsOf.remove(connection);
    }
    // Order among members does not matter: swap-remove keeps removal O(1) in big rooms.
    int last = members.list.size() - 1;
    Member moved = members.list.remove(last);
    if (i != last) {
      members.list.set(i, moved);
      members.index.put(moved.connection, i);
    }
    if (members.list.isEmpty()) {
      rooms.remove(room);
      subscriptions.unsubscribe(room);
    }
    return true;
  }

  public boolean isActiveMember(String room, Connection connection) {
    Members members = rooms.get(room);
    Member m = members == null ? null : members.get(connection);
    return m != null && m.active;
  }

  /**
   * Writes the frame to every active local member of the room except those of {@code exceptUser}
   * (null for none); returns how many members it was written to. {@code messageId} is the id of
   * a {@code message} frame, null for other frames. A message whose id is not above the last one
   * delivered here was delivered already and is dropped: a room's one owner releases in id order,
   * so only a new owner's replay, or a late frame of an owner that died, comes out of order.
   */
  public int deliver(String room, EncodedFrame frame, String exceptUser, String messageId) {
    Members members = rooms.get(room);
    if (members == null) {
      return 0;
    }
    if (messageId != null) {
      if (members.lastMessageId != null && messageId.compareTo(members.lastMessageId) <= 0) {
        return 0;
      }
      members.lastMessageId = messageId;
    }
    int delivered = 0;
    List<Member> list = members.list;
    // Indexed loop: a slow reader closed inside send() leaves the room later, through remove().
    for (int i = 0; i < list.size(); i++) {
      Member m = list.get(i);
      if (m.seenUpTo != null && messageId != null) {
        if (messageId.compareTo(m.seenUpTo) <= 0) {
          continue;
        }
        m.seenUpTo = null;
      }
      if (m.active && (exceptUser == null || !exceptUser.equals(m.user))) {
        m.connection.send(frame);
        delivered++;
      }
    }
    return delivered;
  }

  /** Removes every connection of {@code user} from the room (a kick or a ban); returns how many. */
  public int evict(String room, String user) {
    Members members = rooms.get(room);
    if (members == null) {
      return 0;
    }
    List<Connection> gone = new ArrayList<>();
    members.list.forEach(m -> {
      if (m.user.equals(user)) {
        gone.add(m.connection);
      }
    });
    gone.forEach(c -> remove(room, c));
    return gone.size();
  }

  /** Each active member of the room here, once per connection, as a room's new owner takes it back. */
  public List<ShardCommand.Returning> activeMembers(String room) {
    Members members = rooms.get(room);
    List<ShardCommand.Returning> active = new ArrayList<>();
    if (members != null) {
      members.list.forEach(m -> {
        if (m.active) {
          active.add(new ShardCommand.Returning(m.user, m.guestKey, m.name));
        }
      });
    }
    return active;
  }

  /** Every local connection of every room, once each, e.g. to close them at shutdown. */
  public void forEachConnection(Consumer<Connection> action) {
    new ArrayList<>(roomsOf.keySet()).forEach(action);
  }

  public int roomCount() {
    return rooms.size();
  }
}
