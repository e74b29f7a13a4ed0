package io.pulsechat.gateway.hub;

import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.HistoryQuery;
import io.pulsechat.gateway.protocol.ServerFrames;
import io.pulsechat.gateway.store.InMemoryMoodStore;
import io.pulsechat.gateway.store.MessageStore;
import io.pulsechat.gateway.store.MoodStore;
import io.pulsechat.gateway.store.StoreUnavailableException;
import io.pulsechat.sentiment.SentimentScorer;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns a share of the rooms: sequences their messages, stores them, and releases each one to
 * the room only once it is durable and every message accepted before it has been released or
 * refused, so that members see a room's messages in id order. Knows nothing of sockets: frames
 * leave through {@link FanOut}. Not thread-safe: one instance per owner context.
 */
public final class RoomShard {

  /**
   * Settings of a shard, from the gateway's configuration.
   *
   * @param moodFlush  how often changed mood minutes are written to the mood store
   * @param alertScore a window mood below this, over at least {@code alertMinMessages}, is a spike
   */
  public record Settings(String nodeTag, int largeRoomThreshold, Duration moodWindow, RoomBounds bounds,
                         Duration moodFlush, double alertScore, int alertMinMessages) {
    /** With the configuration's defaults for mood flushing and alerts, and no bound on the count of rooms. */
    public Settings(String nodeTag, int largeRoomThreshold, Duration moodWindow, Duration idleEviction) {
      this(nodeTag, largeRoomThreshold, moodWindow, RoomBounds.keepingEmpty(idleEviction), Duration.ofMinutes(1),
          -0.4, 10);
    }
  }

  private static final Logger log = LoggerFactory.getLogger(RoomShard.class);
  /** Unsaved mood minutes kept for a retry while the mood store is down; the oldest go first. */
  private static final int MAX_UNSAVED_MINUTES = 100_000;

  static final int MAX_LISTED_MEMBERS = 100;
  /** The node of a gateway that is not part of a fleet. */
  public static final String LOCAL_NODE = "local";

  private final Settings settings;
  private final MessageStore store;
  private final Supplier<SentimentScorer> scorer;
  private final FanOut fanOut;
  private final GatewayMetrics metrics;
  private final LongSupplier clock;
  private final BooleanSupplier draining;
  private final MessageListener released;
  private final Map<String, Room> rooms = new HashMap<>();
  private final Map<String, Future<Room>> loading = new HashMap<>();
  private final MoodStore moodStore;
  private final MemberSnapshots memberSnapshots;
  private final SentimentAlerts alerts;
  /** Mood minutes taken from rooms and not yet saved, by room and minute; newer values replace older. */
  private final LinkedHashMap<String, MoodStore.Minute> unsaved = new LinkedHashMap<>();
  private boolean savingMood;
  private long lastMoodFlush;

  public RoomShard(Settings settings, MessageStore store, Supplier<SentimentScorer> scorer, FanOut fanOut,
                   GatewayMetrics metrics, LongSupplier clock, BooleanSupplier draining) {
    this(settings, store, scorer, fanOut, metrics, clock, draining, MessageListener.NONE);
  }

  /** {@code released} hears of every message released to its room, e.g. to publish an event. */
  public RoomShard(Settings settings, MessageStore store, Supplier<SentimentScorer> scorer, FanOut fanOut,
                   GatewayMetrics metrics, LongSupplier clock, BooleanSupplier draining, MessageListener released) {
    this(settings, store, new InMemoryMoodStore(), alert -> { }, scorer, fanOut, metrics, clock, draining, released);
  }

  /** With the mood store the owner writes minutes to and the sink of its sentiment alerts. */
  public RoomShard(Settings settings, MessageStore store, MoodStore moodStore, SentimentAlerts alerts,
                   Supplier<SentimentScorer> scorer, FanOut fanOut, GatewayMetrics metrics, LongSupplier clock,
                   BooleanSupplier draining, MessageListener released) {
    this(settings, store, moodStore, alerts, MemberSnapshots.NONE, scorer, fanOut, metrics, clock, draining, released);
  }

  /** In a fleet: with the snapshots of rooms' members that survive this owner. */
  public RoomShard(Settings settings, MessageStore store, MoodStore moodStore, SentimentAlerts alerts,
                   MemberSnapshots memberSnapshots, Supplier<SentimentScorer> scorer, FanOut fanOut,
                   GatewayMetrics metrics, LongSupplier clock, BooleanSupplier draining, MessageListener released) {
    this.memberSnapshots = memberSnapshots;
    this.released = released;
    this.settings = settings;
    this.store = store;
    this.moodStore = moodStore;
    this.alerts = alerts;
    this.lastMoodFlush = clock.getAsLong();
    this.scorer = scorer;
    this.fanOut = fanOut;
    this.metrics = metrics;
    this.clock = clock;
    this.draining = draining;
  }

  /**
   * Adds a connection of the user to the room ({@code counted}) or only reads the room again for
   * a connection that repeats its join; the first connection of a user tells the others.
   */
  public Future<ShardMessages.JoinResult> join(String roomName, String user, boolean counted) {
    return join(roomName, user, counted, LOCAL_NODE);
  }

  /** A join from a connection held by {@code node} of the fleet. */
  public Future<ShardMessages.JoinResult> join(String roomName, String user, boolean counted, String node) {
    return room(roomName).map(room -> {
      boolean firstConnection = counted && room.addConnection(node, user);
      room.membersChanged |= firstConnection;
      int count = room.count();
      if (count == 1 && firstConnection) {
        metrics.roomsChanged(1);
      }
      if (firstConnection && count <= settings.largeRoomThreshold()) {
        fanOut.publish(room.name, room.targets(clock.getAsLong()), ServerFrames.presence(room.name, user, true, count),
            user, null);
      }
      return new ShardMessages.JoinResult(room.firstMembers(MAX_LISTED_MEMBERS), count,
          List.copyOf(room.recent), room.mood.snapshot(clock.getAsLong()));
    });
  }

  public void leave(String roomName, String user) {
    leave(roomName, user, LOCAL_NODE);
  }

  public void leave(String roomName, String user, String node) {
    Room room = rooms.get(roomName);
    if (room == null || !room.removeConnection(node, user)) {
      return;
    }
    userLeft(room, user);
  }

  private void userLeft(Room room, String user) {
    room.membersChanged = true;
    int countBefore = room.count() + 1;
    if (room.count() == 0) {
      metrics.roomsChanged(-1);
    }
    long now = clock.getAsLong();
    if (countBefore <= settings.largeRoomThreshold()) {
      fanOut.publish(room.name, room.targets(now), ServerFrames.presence(room.name, user, false, room.count()), user,
          null);
    }
    if (room.isIdle()) {
      room.idleSince = now;
    }
  }

  /**
   * Takes back the connections a node already had in the room, after this shard became the
   * room's owner because the previous one left the fleet. Nobody arrived, so nobody is told.
   */
  public Future<Void> rejoin(String roomName, String node, List<String> users) {
    return room(roomName).map(room -> {
      room.settle(clock.getAsLong());
      boolean wasEmpty = room.count() == 0;
      users.forEach(user -> room.addConnection(node, user));
      room.membersChanged = true;
      // Without a snapshot naming who was there, the room hears its new count instead.
      room.recount = room.before == null;
      if (wasEmpty && room.count() > 0) {
        metrics.roomsChanged(1);
      }
      return null;
    });
  }

  /** A node left the fleet: its connections leave every room here, and the others are told. */
  public void removeNode(String node) {
    for (Room room : rooms.values()) {
      for (String user : room.removeNode(node)) {
        userLeft(room, user);
      }
    }
  }

  /**
   * Accepts a message and completes with the stored message once it is durable and broadcast;
   * a resend of a stored client message id completes with the original (same id and ts), and is
   * neither stored nor broadcast again. Fails with {@link StoreUnavailableException} when
   * storage cannot take it now.
   */
  public Future<ChatMessage> send(ShardMessages.Send send) {
    Room loaded = rooms.get(send.room());
    if (loaded != null) {
      return send(loaded, send);
    }
    // The sender's gateway saw its join, so a room this shard does not hold has just moved here
    // from an owner that left the fleet; it settles while the members are handed back.
    return room(send.room()).compose(room -> {
      room.settle(clock.getAsLong());
      return send(room, send);
    });
  }

  private Future<ChatMessage> send(Room room, ShardMessages.Send send) {
    if (!room.hasUser(send.user()) && !room.settling(clock.getAsLong())) {
      // The sender's event loop checked membership; this is a leave racing the send. While the
      // room settles, its node may not have handed the sender back yet: its word is taken.
      return Future.failedFuture(new IllegalStateException("not a member of " + send.room()));
    }
    String key = Room.dedupKey(send.user(), send.clientMsgId());
    Object known = room.byClientMsgId.get(key);
    if (known instanceof Room.Acked acked) {
      // The same message again: answered with the stored id and ts, as the first ack was.
      return Future.succeededFuture(new ChatMessage(room.name, acked.id(), send.user(), send.text(), acked.ts(),
          send.clientMsgId(), null));
    }
    if (known instanceof Room.Pending inFlight) {
      return inFlight.promise.future();
    }
    if (draining.getAsBoolean()) {
      return Future.failedFuture(new StoreUnavailableException("the gateway is shutting down"));
    }
    String id = room.ids.next(clock.getAsLong());
    ChatMessage message = new ChatMessage(room.name, id, send.user(), send.text(), room.ids.lastTs(),
        send.clientMsgId(), scorer.get().score(send.text()));
    Room.Pending pending = new Room.Pending(message, key);
    room.pending.addLast(pending);
    room.byClientMsgId.put(key, pending);
    // A resend of a message stored before this owner loaded the room is unknown here: storage
    // knows whether it was stored before. A room whose every message this owner remembers skips it.
    Future<ChatMessage> stored = room.remembersEveryMessage ? store.append(message).map(message)
        : store.appendOnce(message);
    stored
        .onComplete(ar -> {
          if (ar.succeeded()) {
            pending.stored = ar.result();
          } else {
            pending.failure = ar.cause();
          }
          release(room);
        });
    return pending.promise.future();
  }

  /** Releases, in acceptance order, every message at the head of the queue that storage answered. */
  private void release(Room room) {
    long now = clock.getAsLong();
    while (!room.pending.isEmpty() && room.pending.peekFirst().done()) {
      Room.Pending p = room.pending.removeFirst();
      if (p.failure != null) {
        room.byClientMsgId.remove(p.dedupKey);
        p.promise.fail(p.failure instanceof StoreUnavailableException ? p.failure
            : new StoreUnavailableException("storage failed", p.failure));
        continue;
      }
      if (!p.isDuplicate()) {
        room.remember(p.stored);
        room.mood.add(p.stored.sentiment(), now);
        room.moodSeries.add(p.stored.sentiment(), now);
        fanOut.publish(room.name, room.targets(now), ServerFrames.message(p.stored), null, p.stored.id());
        metrics.messageAccepted(p.stored.sentiment().label(), System.nanoTime() - p.acceptedNanos);
        released.released(p.stored);
      } else {
        room.byClientMsgId.put(p.dedupKey, new Room.Acked(p.stored.id(), p.stored.ts()));
      }
      p.promise.complete(p.stored);
    }
    if (room.isIdle()) {
      room.idleSince = now;
    }
  }

  /**
   * Once a second: {@code members} frames for large rooms whose count changed, {@code mood}
   * frames where the mood moved noticeably, spike detection, release of rooms empty for a while,
   * and, every {@link Settings#moodFlush}, writing changed mood minutes (evicted rooms' at once).
   */
  public void tick() {
    long now = clock.getAsLong();
    Iterator<Room> it = rooms.values().iterator();
    while (it.hasNext()) {
      Room room = it.next();
      tellWhoLeftWithTheOldOwner(room, now);
      int count = room.count();
      boolean large = count > settings.largeRoomThreshold();
      if (room.membersChanged && !large) {
        room.membersChanged = false;
        memberSnapshots.save(room.name, room.firstMembers(settings.largeRoomThreshold()));
      }
      // A large room, or one taken over without a snapshot naming its members, hears its count.
      if (room.recount || (large || room.lastMembersCount > settings.largeRoomThreshold())
          && count != room.lastMembersCount) {
        room.recount = false;
        fanOut.publish(room.name, room.targets(now), ServerFrames.members(room.name, count), null, null);
        room.lastMembersCount = count;
      } else if (!large) {
        room.lastMembersCount = count;
      }
      var mood = room.mood.snapshot(now);
      if (MoodWindow.noticeablyDifferent(room.lastMood, mood)) {
        room.lastMood = mood;
        if (count > 0) {
          fanOut.publish(room.name, room.targets(now), ServerFrames.mood(room.name, mood), null, null);
        }
      }
      SentimentAlert alert = room.spike.observe(room.name, mood, now);
      if (alert != null) {
        alerts.raise(alert);
      }
    }
    settings.bounds().releaseEmpty(rooms, now, this::takeMood);
    if (now - lastMoodFlush >= settings.moodFlush().toMillis()) {
      lastMoodFlush = now;
      flushMood();
    }
  }

  /**
   * Once a room taken over has settled (every node has handed back its members), the users of
   * the last snapshot who did not come back died with the old owner: they are announced offline.
   */
  private void tellWhoLeftWithTheOldOwner(Room room, long now) {
    if (room.before == null || room.settling(now)) {
      return;
    }
    Set<String> before = room.before;
    room.before = null;
    if (room.count() > settings.largeRoomThreshold()) {
      room.recount = true;
      return;
    }
    for (String user : before) {
      if (!room.hasUser(user)) {
        fanOut.publish(room.name, room.targets(now), ServerFrames.presence(room.name, user, false, room.count()),
            user, null);
      }
    }
  }

  /**
   * Writes every changed mood minute. Runs off the hot path: sends never wait for it, and a
   * failure keeps the minutes for the next flush.
   */
  public Future<Void> flushMood() {
    rooms.values().forEach(this::takeMood);
    if (savingMood || unsaved.isEmpty()) {
      return Future.succeededFuture();
    }
    List<MoodStore.Minute> batch = new ArrayList<>(unsaved.values());
    unsaved.clear();
    savingMood = true;
    return moodStore.save(batch)
        .onFailure(e -> {
          log.warn("Writing {} mood minutes failed, retrying at the next flush: {}", batch.size(), e.toString());
          // minutes taken meanwhile are newer: keep them
          batch.forEach(m -> unsaved.putIfAbsent(key(m), m));
          trimUnsaved();
        })
        .eventually(() -> {
          savingMood = false;
          return Future.succeededFuture();
        });
  }

  private void takeMood(Room room) {
    for (MoodStore.Minute m : room.moodSeries.takeDirty(room.name)) {
      unsaved.remove(key(m));
      unsaved.put(key(m), m);
    }
    trimUnsaved();
  }

  private void trimUnsaved() {
    Iterator<String> oldest = unsaved.keySet().iterator();
    while (unsaved.size() > MAX_UNSAVED_MINUTES && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }

  private static String key(MoodStore.Minute m) {
    return m.room() + '\u001f' + m.t();
  }

  public List<ShardMessages.RoomSummary> summaries() {
    long now = clock.getAsLong();
    List<ShardMessages.RoomSummary> list = new ArrayList<>();
    for (Room room : rooms.values()) {
      if (room.count() > 0) {
        list.add(new ShardMessages.RoomSummary(room.name, room.count(), room.firstMembers(MAX_LISTED_MEMBERS),
            room.mood.snapshot(now)));
      }
    }
    return list;
  }

  /** The room's mood and series; for a room not held here (none online since a restart), from the mood store. */
  public Future<ShardMessages.MoodReport> moodReport(String roomName) {
    Room room = rooms.get(roomName);
    long now = clock.getAsLong();
    if (room != null) {
      return Future.succeededFuture(
          new ShardMessages.MoodReport(roomName, room.mood.snapshot(now), room.moodSeries.points()));
    }
    return moodStore.since(roomName, MoodSeries.oldestMinute(now)).map(minutes -> {
      MoodWindow window = new MoodWindow(settings.moodWindow());
      window.restore(minutes, now);
      return new ShardMessages.MoodReport(roomName, window.snapshot(now), MoodSeries.points(minutes));
    });
  }

  /** Completes when no message of this shard waits for storage and the changed mood minutes are written. */
  public Future<Void> drained() {
    List<Future<ChatMessage>> inFlight = new ArrayList<>();
    rooms.values().forEach(r -> r.pending.forEach(p -> inFlight.add(p.promise.future())));
    return Future.join(inFlight).<Void>mapEmpty().otherwiseEmpty()
        .compose(v -> flushMood()).otherwiseEmpty();
  }

  /** The room's state, loading its latest messages from storage on first use. */
  private Future<Room> room(String name) {
    Room room = rooms.get(name);
    if (room != null) {
      return Future.succeededFuture(room);
    }
    Future<Room> inProgress = loading.get(name);
    if (inProgress != null) {
      return inProgress;
    }
    // The stored mood is a nicety: a failed read leaves an empty series, never a room that cannot be joined.
    if (!settings.bounds().makeSpace(rooms, rooms.size() + loading.size(), this::takeMood)) {
      metrics.roomRefusedNodeFull();
      return Future.failedFuture(new RoomsFullException(rooms.size() + loading.size()));
    }
    Future<List<MoodStore.Minute>> mood = moodStore.since(name, MoodSeries.oldestMinute(clock.getAsLong()))
        .recover(e -> {
          log.warn("Reading the stored mood of room {} failed; its series starts empty: {}", name, e.toString());
          return Future.succeededFuture(List.of());
        });
    // Like the mood, a nicety: while the fleet's map moves partitions after a node died, a read
    // may wait long, and a room must not wait with it.
    Future<List<String>> snapshot = memberSnapshots.load(name).timeout(2, TimeUnit.SECONDS).recover(e -> {
      log.warn("Reading who was in room {} failed: {}", name, e.toString());
      return Future.succeededFuture(List.of());
    });
    Future<Room> load = Future.all(store.history(HistoryQuery.latest(name, Room.RECENT)), mood, snapshot)
        .map(all -> rooms.computeIfAbsent(name, n -> {
          Room created = new Room(n, settings.nodeTag(), settings.moodWindow(),
              all.<io.pulsechat.gateway.protocol.HistoryPage>resultAt(0).messages(), clock.getAsLong());
          List<MoodStore.Minute> minutes = all.resultAt(1);
          created.moodSeries.restore(minutes);
          created.mood.restore(minutes, clock.getAsLong());
          created.lastMood = created.mood.snapshot(clock.getAsLong());
          List<String> before = all.resultAt(2);
          if (created.settling(clock.getAsLong()) && !before.isEmpty()) {
            created.before = new HashSet<>(before);
          }
          created.spike = new SpikeDetector(settings.alertScore(), settings.alertMinMessages());
          return created;
        }))
        .onComplete(ar -> loading.remove(name));
    if (!load.isComplete()) {
      loading.put(name, load);
    }
    return load;
  }

  int roomCount() {
    return rooms.size();
  }
}
