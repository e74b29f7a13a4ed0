package io.pulsechat.gateway.hub;

import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.Mood;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The authoritative state of one room, held by its owner shard: who is online (users, counted
 * once however many connections they have), the id sequence, messages waiting for storage in
 * acceptance order, the latest released messages, recent client message ids, and the mood.
 * Not thread-safe: used on the owner's thread only.
 */
final class Room {
  static final int RECENT = 50;
  /** Long enough for every node that holds members to hand them to a new owner. */
  static final Duration EVERYWHERE_AFTER_LOAD = Duration.ofSeconds(10);
  /**
   * Acks remembered per room (about 100 bytes each, 10 MB for a full room), so that resends and
   * new messages skip the storage lookup: at 150 messages a second, 11 minutes of a busy room.
   */
  private static final int REMEMBERED_IDS = 100_000;

  /** What a resend of a stored message is answered with. */
  record Acked(String id, long ts) {
  }

  /** A message between acceptance and storage. */
  static final class Pending {
    final ChatMessage message;
    final String dedupKey;
    final Promise<ChatMessage> promise = Promise.promise();
    /** When the owner accepted the send, for the ack latency. */
    final long acceptedNanos = System.nanoTime();
    /** Set when storage answered: the stored message (ours, or an earlier one with the same key). */
    ChatMessage stored;
    Throwable failure;

    Pending(ChatMessage message, String dedupKey) {
      this.message = message;
      this.dedupKey = dedupKey;
    }

    boolean done() {
      return stored != null || failure != null;
    }

    boolean isDuplicate() {
      return stored != null && !stored.id().equals(message.id());
    }
  }

  final String name;
  final MessageIds ids;
  final MoodWindow mood;
  final MoodSeries moodSeries = new MoodSeries();
  /** Set by the owner with the configured threshold. */
  SpikeDetector spike;
  /** Sorted, so the first 100 member names come without sorting 10,000. */
  private final TreeMap<String, Integer> connectionsByUser = new TreeMap<>();
  /** The same connections by the fleet node that holds them. */
  private final Map<String, Map<String, Integer>> connectionsByNode = new HashMap<>();
  final ArrayDeque<Pending> pending = new ArrayDeque<>();
  final ArrayDeque<ChatMessage> recent = new ArrayDeque<>();
  /** dedup key -> the Pending in flight or the Acked of a stored message. */
  final Map<String, Object> byClientMsgId = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
      boolean forget = size() > REMEMBERED_IDS && !(eldest.getValue() instanceof Pending);
      if (forget) {
        remembersEveryMessage = false;
      }
      return forget;
    }
  };
  /**
   * True while this owner remembers the client message id of every message the room ever
   * stored: the room had no history when it was loaded and nothing was forgotten since. Then a
   * client message id unknown here is new, and storage need not be asked.
   */
  boolean remembersEveryMessage;
  int lastMembersCount = -1;
  private long everywhereUntil;
  /** Taken over from an owner that left the fleet: the members hear the new count at the next tick. */
  boolean recount;
  /** The users who have come or gone since the members' snapshot was last saved. */
  boolean membersChanged;
  /** Who was in the room by its last snapshot, when it was loaded with a past; null once compared. */
  Set<String> before;
  Mood lastMood;
  long idleSince;

  Room(String name, String nodeTag, Duration moodWindow, List<ChatMessage> latest, long now) {
    this.name = name;
    this.ids = new MessageIds(nodeTag);
    this.mood = new MoodWindow(moodWindow);
    this.idleSince = now;
    this.remembersEveryMessage = latest.isEmpty();
    for (ChatMessage m : latest) {
      remember(m);
      ids.resumeAfter(m.id());
    }
    this.lastMood = mood.snapshot(now);
    // A room with a past may have members on any node, which this owner learns of only as they
    // come back (after its previous owner left the fleet): until then its frames go everywhere.
    this.everywhereUntil = latest.isEmpty() ? now : now + EVERYWHERE_AFTER_LOAD.toMillis();
  }

  boolean settling(long now) {
    return now < everywhereUntil;
  }

  /** The room just moved here from an owner that left: it settles, whatever its past. */
  void settle(long now) {
    everywhereUntil = Math.max(everywhereUntil, now + EVERYWHERE_AFTER_LOAD.toMillis());
  }

  /** Where the room's frames go now: the nodes with members, or every node while it settles. */
  Collection<String> targets(long now) {
    return settling(now) ? FanOut.EVERY_NODE : connectionsByNode.keySet();
  }

  static String dedupKey(String user, String clientMsgId) {
    return user + '\u001f' + clientMsgId;
  }

  /** Adds a connection of the user on the node; returns true when it is the user's first in this room. */
  boolean addConnection(String node, String user) {
    connectionsByNode.computeIfAbsent(node, n -> new HashMap<>()).merge(user, 1, Integer::sum);
    return connectionsByUser.merge(user, 1, Integer::sum) == 1;
  }

  /** Removes a connection of the user on the node; returns true when it was the user's last in this room. */
  boolean removeConnection(String node, String user) {
    Map<String, Integer> onNode = connectionsByNode.get(node);
    Integer here = onNode == null ? null : onNode.get(user);
    if (here == null) {
      return false;
    }
    if (here > 1) {
      onNode.put(user, here - 1);
    } else {
      onNode.remove(user);
      if (onNode.isEmpty()) {
        connectionsByNode.remove(node);
      }
    }
    int n = connectionsByUser.get(user);
    if (n > 1) {
      connectionsByUser.put(user, n - 1);
      return false;
    }
    connectionsByUser.remove(user);
    return true;
  }

  /** Removes every connection of a node that left the fleet; returns the users who are now gone. */
  List<String> removeNode(String node) {
    Map<String, Integer> onNode = connectionsByNode.remove(node);
    List<String> gone = new ArrayList<>();
    if (onNode == null) {
      return gone;
    }
    onNode.forEach((user, here) -> {
      int left = connectionsByUser.get(user) - here;
      if (left > 0) {
        connectionsByUser.put(user, left);
      } else {
        connectionsByUser.remove(user);
        gone.add(user);
      }
    });
    return gone;
  }

  boolean hasUser(String user) {
    return connectionsByUser.containsKey(user);
  }

  int count() {
    return connectionsByUser.size();
  }

  List<String> firstMembers(int max) {
    List<String> names = new ArrayList<>(Math.min(max, connectionsByUser.size()));
    Iterator<String> it = connectionsByUser.keySet().iterator();
    while (it.hasNext() && names.size() < max) {
      names.add(it.next());
    }
    return names;
  }

  /** A message that all members have been sent: part of what new members see on joining. */
  void remember(ChatMessage m) {
    recent.addLast(m);
    if (recent.size() > RECENT) {
      recent.removeFirst();
    }
    byClientMsgId.put(dedupKey(m.user(), m.clientMsgId()), new Acked(m.id(), m.ts()));
  }

  boolean isIdle() {
    return connectionsByUser.isEmpty() && pending.isEmpty();
  }
}
