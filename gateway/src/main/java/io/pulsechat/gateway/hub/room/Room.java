package io.pulsechat.gateway.hub.room;

import io.pulsechat.gateway.hub.delivery.FanOut;
import io.pulsechat.gateway.hub.insights.MoodPoint;
import io.pulsechat.gateway.hub.insights.MoodSeries;
import io.pulsechat.gateway.hub.insights.MoodWindow;
import io.pulsechat.gateway.hub.insights.SentimentAlert;
import io.pulsechat.gateway.hub.insights.SpikeDetector;
import io.pulsechat.gateway.hub.routing.ShardCommand;
import io.pulsechat.gateway.hub.routing.ShardReply;
import io.pulsechat.gateway.hub.routing.Takeover;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.MemberName;
import io.pulsechat.gateway.protocol.Mood;
import io.pulsechat.gateway.store.MoodStore;
import io.pulsechat.gateway.store.StoreUnavailableException;
import io.pulsechat.sentiment.Sentiment;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
import java.util.function.Function;

/**
 * The authoritative state of one room, held by its owner shard: who is online (users, counted
 * once however many connections they have, and the fleet nodes holding them), the id sequence,
 * messages waiting for storage in acceptance order, the latest released messages, recent client
 * message ids, and the mood. Its state is its own; the shard works through its operations.
 * Not thread-safe: used on the owner's thread only.
 */
final class Room {
  static final int RECENT = 50;
  /**
   * Acks remembered per room (about 100 bytes each, 10 MB for a full room), so that resends and
   * new messages skip the storage lookup: at 150 messages a second, 11 minutes of a busy room.
   */
  private static final int REMEMBERED_IDS = 100_000;

  /** What a resend of a stored message is answered with. */
  private record Acked(String id, long ts) {
  }

  /** A message between acceptance and storage. */
  private static final class Pending {
    final ChatMessage message;
    final String dedupKey;
    final Promise<ShardReply> promise = Promise.promise();
    /** When the owner accepted the send, for the ack latency. */
    final long acceptedNanos = System.nanoTime();
    /** When storage answered, for the delivery trace. */
    long storedNanos;
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

  private final String name;
  private final MessageIds ids;
  private final MoodWindow mood;
  private final long moodWindowMillis;
  private final MoodSeries moodSeries = new MoodSeries();
  private final SpikeDetector spike;
  /** Sorted, so the first 100 member names come without sorting 10,000. */
  private final TreeMap<String, Integer> connectionsByUser = new TreeMap<>();
  /** The guest key each user online here holds its name with, if it joined with one. */
  private final Map<String, String> guestKeys = new HashMap<>();
  /** The display name of each user online here that has one besides its user (its latest join's). */
  private final Map<String, String> displayNames = new HashMap<>();
  /** The same connections by the fleet node that holds them. */
  private final Map<String, Map<String, Integer>> connectionsByNode = new HashMap<>();
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final ArrayDeque<ChatMessage> recent = new ArrayDeque<>();
  /** dedup key -> the Pending in flight or the Acked of a stored message. */
  private final Map<String, Object> byClientMsgId = new LinkedHashMap<>(256, 0.75f, true) {
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
  private boolean remembersEveryMessage;
  private int lastMembersCount = -1;
  /** The fleet's word on a room that may have moved here from an owner that left. */
  private final Takeover takeover;
  /** The users who have come or gone since the members' snapshot was last saved. */
  private boolean membersChanged;
  private Mood lastMood;
  private long idleSince;
  /** The change of a released message last queued; the next one starts when it ends. */
  private Future<?> lastChange = Future.succeededFuture();
  private int changesWaiting;
  /** When each user's last typing frame was passed on. */
  private final Map<String, Long> typedAt = new HashMap<>();

  /** A room loaded with its {@code latest} messages, its stored mood minutes, and the fleet's takeover. */
  Room(String name, RoomShard.Settings settings, List<ChatMessage> latest, List<MoodStore.Minute> moodMinutes,
       Takeover takeover, long now) {
    this.name = name;
    this.ids = new MessageIds(settings.nodeTag());
    this.mood = new MoodWindow(settings.moodWindow());
    this.moodWindowMillis = settings.moodWindow().toMillis();
    this.spike = new SpikeDetector(settings.alertScore(), settings.alertMinMessages());
    this.idleSince = now;
    this.remembersEveryMessage = latest.isEmpty();
    for (ChatMessage m : latest) {
      remember(m);
      ids.resumeAfter(m.id());
    }
    moodSeries.restore(moodMinutes);
    mood.restore(moodMinutes, now);
    this.lastMood = mood.snapshot(now);
    this.takeover = takeover;
    takeover.loaded(!latest.isEmpty(), now);
  }

  String name() {
    return name;
  }

  // ---- members

  /**
   * Whether a new connection may join as {@code user} with {@code guestKey} (null: none): yes unless
   * the user is online here under a guest key and this is not it. The first key a user joins with
   * holds the name until the user's last connection leaves; a name joined without a key stays shareable.
   */
  boolean admitsGuest(String user, String guestKey) {
    String held = connectionsByUser.containsKey(user) ? guestKeys.get(user) : null;
    if (held != null) {
      return guestKey != null && MessageDigest.isEqual(held.getBytes(StandardCharsets.UTF_8),
          guestKey.getBytes(StandardCharsets.UTF_8));
    }
    if (guestKey != null) {
      guestKeys.put(user, guestKey);
    } else {
      guestKeys.remove(user);
    }
    return true;
  }

  /** Adds a connection of the user on the node; returns true when it is the user's first in this room. */
  boolean addConnection(String node, String user) {
    connectionsByNode.computeIfAbsent(node, n -> new HashMap<>()).merge(user, 1, Integer::sum);
    boolean first = connectionsByUser.merge(user, 1, Integer::sum) == 1;
    membersChanged |= first;
    return first;
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
    guestKeys.remove(user);
    displayNames.remove(user);
    membersChanged = true;
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
        guestKeys.remove(user);
        displayNames.remove(user);
        gone.add(user);
      }
    });
    membersChanged |= !gone.isEmpty();
    return gone;
  }

  /** Removes every connection of the user, on every node (a kick or a ban); returns whether it was here. */
  boolean removeUser(String user) {
    if (connectionsByUser.remove(user) == null) {
      return false;
    }
    connectionsByNode.values().forEach(onNode -> onNode.remove(user));
    connectionsByNode.values().removeIf(Map::isEmpty);
    guestKeys.remove(user);
    displayNames.remove(user);
    membersChanged = true;
    return true;
  }

  /**
   * Takes back a node's connections after this owner took the room over; nobody arrived. A guest
   * key goes on holding its name, and a user goes on being shown by the name it joined with.
   */
  void takeBack(String node, List<ShardCommand.Returning> connections, long now) {
    for (ShardCommand.Returning c : connections) {
      addConnection(node, c.user());
      if (c.guestKey() != null) {
        guestKeys.putIfAbsent(c.user(), c.guestKey());
      }
      if (c.name() != null && !displayNames.containsKey(c.user())) {
        nameUser(c.user(), c.name());
      }
    }
    membersChanged = true;
    takeover.handedBack(now);
  }

  /** Notes what to show for an online user: {@code name}, or the user itself when null. */
  void nameUser(String user, String name) {
    if (name == null || name.equals(user) || !connectionsByUser.containsKey(user)) {
      displayNames.remove(user);
    } else {
      displayNames.put(user, name);
    }
  }

  /** The display name of an online user, or null when it has none besides its user. */
  String displayName(String user) {
    return displayNames.get(user);
  }

  /** The display names of {@code users} that have one. */
  List<MemberName> displayNames(List<String> users) {
    if (displayNames.isEmpty()) {
      return List.of();
    }
    List<MemberName> names = new ArrayList<>();
    for (String user : users) {
      String name = displayNames.get(user);
      if (name != null) {
        names.add(new MemberName(user, name));
      }
    }
    return names;
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

  /** Whether anyone came or went since the last call. */
  boolean takeMembersChanged() {
    boolean changed = membersChanged;
    membersChanged = false;
    return changed;
  }

  /**
   * The count to announce in a {@code members} frame now, or -1: a large room whose count
   * changed (or that just shrank to small), or one taken over without a snapshot of its members.
   */
  int countToAnnounce(int largeRoomThreshold) {
    int count = count();
    boolean large = count > largeRoomThreshold;
    if (takeover.takeRecount() || (large || lastMembersCount > largeRoomThreshold) && count != lastMembersCount) {
      lastMembersCount = count;
      return count;
    }
    if (!large) {
      lastMembersCount = count;
    }
    return -1;
  }

  /** The users who died with the room's previous owner, once the room has settled; else empty. */
  Set<String> whoDiedWithTheOldOwner(long now, int largeRoomThreshold) {
    return takeover.whoDied(now, count() > largeRoomThreshold, connectionsByUser::containsKey);
  }

  // ---- where frames go while the room settles after a takeover

  /** Whether members may still be on their way back from an owner that left ({@link Takeover#settling}). */
  boolean settling(long now) {
    return takeover.settling(now);
  }

  /** The room just moved here from an owner that left: it settles, whatever its past. */
  void settle(long now) {
    takeover.moved(now);
  }

  /** Where the room's frames go now: the nodes with members, or every node while it settles. */
  Collection<String> targets(long now) {
    return settling(now) ? FanOut.EVERY_NODE : connectionsByNode.keySet();
  }

  // ---- messages

  /** The answer to a resend of a stored or pending message; null when the message is new. */
  Future<ShardReply> known(ShardCommand.Send send) {
    Object known = byClientMsgId.get(dedupKey(send.user(), send.clientMsgId()));
    if (known instanceof Acked acked) {
      // The same message again: answered with the stored id and ts, as the first ack was.
      return Future.succeededFuture(new ShardReply.Acked(new ChatMessage(name, acked.id(), send.user(), send.text(),
          acked.ts(), send.clientMsgId(), null).withName(send.name())));
    }
    return known instanceof Pending inFlight ? inFlight.promise.future() : null;
  }

  /**
   * Gives the message the room's next id and queues it for release; {@code stored} is called
   * with the message to store and completes with the stored one (an earlier one when it was
   * stored before). The answer comes once the message is released, or storage refused it.
   */
  Future<ShardReply> accept(ShardCommand.Send send, Sentiment sentiment, long now,
                             Function<ChatMessage, Future<ChatMessage>> store,
                             Runnable storageAnswered) {
    String id = ids.next(now);
    ChatMessage message = new ChatMessage(name, id, send.user(), send.text(), ids.lastTs(), send.clientMsgId(),
        sentiment).withName(send.name());
    Pending p = new Pending(message, dedupKey(send.user(), send.clientMsgId()));
    pending.addLast(p);
    byClientMsgId.put(p.dedupKey, p);
    store.apply(message).onComplete(ar -> {
      p.storedNanos = System.nanoTime();
      if (ar.succeeded()) {
        p.stored = ar.result();
      } else {
        p.failure = ar.cause();
      }
      storageAnswered.run();
    });
    return p.promise.future();
  }

  /** Whether a client message id unknown here is surely new, so storage need not be asked. */
  boolean remembersEveryMessage() {
    return remembersEveryMessage;
  }

  /**
   * Releases, in acceptance order, every message at the head of the queue that storage
   * answered; {@code released} gets each new stored message (not resends, not failures) with
   * the {@link System#nanoTime} of its acceptance and of storage's answer.
   */
  void release(long now, Released released) {
    while (!pending.isEmpty() && pending.peekFirst().done()) {
      Pending p = pending.removeFirst();
      if (p.failure != null) {
        byClientMsgId.remove(p.dedupKey);
        p.promise.complete(new ShardReply.Unavailable(p.failure instanceof StoreUnavailableException
            ? p.failure.getMessage() : "storage failed"));
        continue;
      }
      if (!p.isDuplicate()) {
        remember(p.stored);
        mood.add(p.stored.sentiment(), now);
        moodSeries.add(p.stored.sentiment(), now);
        released.accept(p.stored, p.acceptedNanos, p.storedNanos);
      } else {
        byClientMsgId.put(p.dedupKey, new Acked(p.stored.id(), p.stored.ts()));
      }
      p.promise.complete(new ShardReply.Acked(p.stored));
    }
  }

  /** Told of each message {@link #release} lets go. */
  @FunctionalInterface
  interface Released {
    void accept(ChatMessage stored, long acceptedNanos, long storedNanos);
  }

  /** Completes when every message accepted so far was released or refused. */
  Future<Void> released() {
    List<Future<ShardReply>> inFlight = new ArrayList<>();
    pending.forEach(p -> inFlight.add(p.promise.future()));
    return Future.join(inFlight).<Void>mapEmpty().otherwiseEmpty();
  }

  List<ChatMessage> recent() {
    return List.copyOf(recent);
  }

  private void remember(ChatMessage m) {
    recent.addLast(m);
    if (recent.size() > RECENT) {
      recent.removeFirst();
    }
    byClientMsgId.put(dedupKey(m.user(), m.clientMsgId()), new Acked(m.id(), m.ts()));
  }

  private static String dedupKey(String user, String clientMsgId) {
    return user + '\u001f' + clientMsgId;
  }

  // ---- changes to released messages: edits, deletes, reactions

  /**
   * Runs {@code change} after every change queued before it has ended, so that each reads what
   * the one before wrote; null (nothing queued) when {@code max} changes wait already.
   */
  <T> Future<T> serially(java.util.function.Supplier<Future<T>> change, int max) {
    if (changesWaiting >= max) {
      return null;
    }
    changesWaiting++;
    Future<T> next = lastChange.transform(ignored -> change.get()).andThen(ar -> changesWaiting--);
    lastChange = next;
    return next;
  }

  /** A message of the latest ones, as this owner released or changed it; null when it is older. */
  ChatMessage recentMessage(String id) {
    for (ChatMessage m : recent) {
      if (m.id().equals(id)) {
        return m;
      }
    }
    return null;
  }

  /**
   * A stored message changed: the latest messages hold it as it is now, and, when its score
   * changed, the old one leaves the mood and the new one (none, for a tombstone) takes its place.
   */
  void changed(ChatMessage before, ChatMessage after, long now) {
    if (recentMessage(after.id()) != null) {
      ArrayDeque<ChatMessage> replaced = new ArrayDeque<>(recent.size());
      recent.forEach(m -> replaced.addLast(m.id().equals(after.id()) ? after : m));
      recent.clear();
      recent.addAll(replaced);
    }
    Sentiment old = before.deleted() ? null : before.sentiment();
    Sentiment next = after.deleted() ? null : after.sentiment();
    if (!java.util.Objects.equals(old, next)) {
      mood.replace(old, next, before.ts(), now);
      moodSeries.replace(old, next, before.ts());
    }
  }

  /** Whether the user's typing is passed on now: at most once per {@code interval} ms. */
  boolean typingPassesOn(String user, long now, long interval) {
    Long last = typedAt.get(user);
    if (last != null && now - last < interval) {
      return false;
    }
    if (typedAt.size() > 2 * count() + 16) {
      typedAt.values().removeIf(t -> now - t >= interval);
    }
    typedAt.put(user, now);
    return true;
  }

  // ---- mood

  Mood mood(long now) {
    return mood.snapshot(now);
  }

  List<MoodPoint> moodSeries() {
    return moodSeries.points();
  }

  /** The mood when it moved noticeably since it was last told, else null. */
  Mood moodToAnnounce(long now) {
    Mood current = mood.snapshot(now);
    if (!MoodWindow.noticeablyDifferent(lastMood, current)) {
      return null;
    }
    lastMood = current;
    return current;
  }

  /** The alert a negative spike raises now, naming the window's latest negative messages; or null. */
  SentimentAlert spike(long now) {
    SentimentAlert alert = spike.observe(name, mood.snapshot(now), now);
    if (alert == null) {
      return null;
    }
    ArrayDeque<ChatMessage> drivers = new ArrayDeque<>();
    Iterator<ChatMessage> newestFirst = recent.descendingIterator();
    while (newestFirst.hasNext() && drivers.size() < SentimentAlert.MAX_MESSAGES) {
      ChatMessage m = newestFirst.next();
      if (m.ts() < now - moodWindowMillis) {
        break;
      }
      if (m.sentiment() != null && m.sentiment().label() == io.pulsechat.sentiment.Label.NEGATIVE) {
        drivers.addFirst(m);
      }
    }
    return alert.withMessages(List.copyOf(drivers));
  }

  /** Mood minutes changed since the last call. */
  List<MoodStore.Minute> takeChangedMood() {
    return moodSeries.takeDirty(name);
  }

  // ---- idleness

  /** Notes when the room became idle (no member, nothing pending). */
  void noteIdle(long now) {
    if (isIdle()) {
      idleSince = now;
    }
  }

  /** No member, nothing pending. */
  boolean isIdle() {
    return connectionsByUser.isEmpty() && pending.isEmpty();
  }

  /** Since when the room has been idle, when it is. */
  long idleSince() {
    return idleSince;
  }
}
