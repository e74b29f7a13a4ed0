package io.pulsechat.gateway.hub.room;

import io.pulsechat.gateway.hub.delivery.FanOut;
import io.pulsechat.gateway.hub.insights.MoodSeries;
import io.pulsechat.gateway.hub.insights.MoodWindow;
import io.pulsechat.gateway.hub.insights.SentimentAlert;
import io.pulsechat.gateway.hub.insights.SentimentAlerts;
import io.pulsechat.gateway.hub.routing.Fleet;
import io.pulsechat.gateway.hub.routing.ShardCommand;
import io.pulsechat.gateway.hub.routing.ShardReply;
import io.pulsechat.gateway.metrics.DeliveryTrace;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.gateway.protocol.AccessFrames;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.pulsechat.gateway.protocol.HistoryPage;
import io.pulsechat.gateway.protocol.HistoryQuery;
import io.pulsechat.gateway.protocol.Mood;
import io.pulsechat.gateway.protocol.ServerFrames;
import io.pulsechat.gateway.sentiment.AsyncScorer;
import io.pulsechat.gateway.store.MessageStore;
import io.pulsechat.gateway.store.MoodStore;
import io.pulsechat.sentiment.SentimentScorer;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  }

  /**
   * Everything a shard works with, built once by the gateway and shared by its shards.
   *
   * @param fleet           the gateways, where who is in each room is kept for when this owner dies
   * @param released        hears of every message released to its room, e.g. to publish an event
   * @param rules           what members may do to released messages: edits, deletes, reactions, typing
   */
  public record Setup(Settings settings, MessageStore store, MoodStore moodStore, SentimentAlerts alerts,
                      Fleet fleet, Supplier<SentimentScorer> scorer, GatewayMetrics metrics,
                      LongSupplier clock, BooleanSupplier draining, MessageListener released, MessageRules rules) {
    /** With the default {@link MessageRules}. */
    public Setup(Settings settings, MessageStore store, MoodStore moodStore, SentimentAlerts alerts,
                 Fleet fleet, Supplier<SentimentScorer> scorer, GatewayMetrics metrics,
                 LongSupplier clock, BooleanSupplier draining, MessageListener released) {
      this(settings, store, moodStore, alerts, fleet, scorer, metrics, clock, draining, released,
          MessageRules.DEFAULTS);
    }
  }

  private static final Logger log = LoggerFactory.getLogger(RoomShard.class);
  /** Unsaved mood minutes kept for a retry while the mood store is down; the oldest go first. */
  private static final int MAX_UNSAVED_MINUTES = 100_000;

  static final int MAX_LISTED_MEMBERS = 100;

  private final Setup setup;
  private final Settings settings;
  private final LongSupplier clock;
  private final FanOut fanOut;
  private final MessageChanges changes;
  private final Map<String, Room> rooms = new HashMap<>();
  private final Map<String, Future<Room>> loading = new HashMap<>();
  /** Mood minutes taken from rooms and not yet saved, by room and minute; newer values replace older. */
  private final LinkedHashMap<String, MoodStore.Minute> unsaved = new LinkedHashMap<>();
  private boolean savingMood;
  private long lastMoodFlush;

  public RoomShard(Setup setup, FanOut fanOut) {
    this.setup = setup;
    this.settings = setup.settings();
    this.clock = setup.clock();
    this.fanOut = fanOut;
    this.changes = new MessageChanges(setup, fanOut);
    this.lastMoodFlush = clock.getAsLong();
  }

  /**
   * Serves one command from {@code node} of the fleet. Never fails: what went wrong is the
   * reply ({@link ShardReply.Unavailable}, {@link ShardReply.NotMember}).
   */
  public Future<ShardReply> handle(String node, ShardCommand command) {
    Future<ShardReply> reply;
    if (command instanceof ShardCommand.Send send) {
      reply = send(send);
    } else if (command instanceof ShardCommand.Join join) {
      reply = join(join, node);
    } else if (command instanceof ShardCommand.Leave leave) {
      leave(leave, node);
      reply = Future.succeededFuture(ShardReply.DONE);
    } else if (command instanceof ShardCommand.Rejoin rejoin) {
      reply = rejoin(rejoin, node);
    } else if (command instanceof ShardCommand.Moderate moderate) {
      moderate(moderate);
      reply = Future.succeededFuture(ShardReply.DONE);
    } else if (command instanceof ShardCommand.ToMessage change) {
      reply = loaded(change.room()).compose(room -> changes.apply(room, change));
    } else if (command instanceof ShardCommand.Typing typing) {
      typing(typing);
      reply = Future.succeededFuture(ShardReply.DONE);
    } else if (command instanceof ShardCommand.MoodQuery query) {
      reply = moodReport(query.room());
    } else if (command instanceof ShardCommand.ListRooms) {
      reply = Future.succeededFuture(summaries());
    } else if (command instanceof ShardCommand.DropNode drop) {
      dropNode(drop.node());
      reply = Future.succeededFuture(ShardReply.DONE);
    } else if (command instanceof ShardCommand.Drain) {
      reply = drained().map(ShardReply.DONE);
    } else {
      // ShardCommand is sealed: every command has its branch above.
      throw new IllegalArgumentException("unknown command " + command);
    }
    return reply.recover(e -> {
      log.warn("{} failed: {}", command, e.toString());
      return Future.succeededFuture(new ShardReply.Unavailable("the room is unavailable now"));
    });
  }

  /**
   * Adds a connection of the user to the room ({@code counted}) or only reads the room again for
   * a connection that repeats its join; the first connection of a user tells the others.
   */
  private Future<ShardReply> join(ShardCommand.Join join, String node) {
    ShardReply full = refuseNewRoom(join.room());
    if (full != null) {
      return Future.succeededFuture(full);
    }
    return room(join.room()).map(room -> {
      if (join.counted() && !room.admitsGuest(join.user(), join.guestKey())) {
        return new ShardReply.NameTaken(join.user());
      }
      boolean firstConnection = join.counted() && room.addConnection(node, join.user());
      if (join.counted()) {
        room.nameUser(join.user(), join.name());
      }
      int count = room.count();
      long now = clock.getAsLong();
      if (count == 1 && firstConnection) {
        setup.metrics().roomsChanged(1);
      }
      if (firstConnection && count <= settings.largeRoomThreshold()) {
        presence(room, join.user(), join.name(), true, now);
      }
      List<String> members = room.firstMembers(MAX_LISTED_MEMBERS);
      return new ShardReply.Joined(members, count, room.recent(), room.mood(now), room.displayNames(members));
    });
  }

  private void leave(ShardCommand.Leave leave, String node) {
    Room room = rooms.get(leave.room());
    String name = room == null ? null : room.displayName(leave.user());
    if (room != null && room.removeConnection(node, leave.user())) {
      userLeft(room, leave.user(), name);
    }
  }

  /**
   * Tells the room's members what a moderator did; a kicked or banned user gets the frame too,
   * then its connections leave on every node, and the others see it go.
   */
  private void moderate(ShardCommand.Moderate moderate) {
    Room room = rooms.get(moderate.room());
    if (room == null) {
      return; // nobody online in it here: nothing to tell, nobody to remove
    }
    long now = clock.getAsLong();
    EncodedFrame frame = AccessFrames.moderated(room.name(), moderate.user(), moderate.action(), moderate.by(),
        moderate.until(), now);
    if (moderate.evict()) {
      fanOut.evict(room.name(), room.targets(now), frame, moderate.user());
      String name = room.displayName(moderate.user());
      if (room.removeUser(moderate.user())) {
        userLeft(room, moderate.user(), name);
      }
    } else {
      fanOut.publish(room.name(), room.targets(now), frame, null, null);
    }
  }

  private void userLeft(Room room, String user, String name) {
    int count = room.count();
    if (count == 0) {
      setup.metrics().roomsChanged(-1);
    }
    long now = clock.getAsLong();
    if (count + 1 <= settings.largeRoomThreshold()) {
      presence(room, user, name, false, now);
    }
    room.noteIdle(now);
  }

  private void presence(Room room, String user, String name, boolean online, long now) {
    fanOut.publish(room.name(), room.targets(now), ServerFrames.presence(room.name(), user, name, online,
        room.count()), user, null);
  }

  /**
   * Takes back the connections a node already had in the room, after this shard became the
   * room's owner because the previous one left the fleet. Nobody arrived, so nobody is told.
   */
  private Future<ShardReply> rejoin(ShardCommand.Rejoin rejoin, String node) {
    ShardReply full = refuseNewRoom(rejoin.room());
    if (full != null) {
      log.warn("Taking back {} connections of node {} in room {} failed: {}", rejoin.connections().size(), node,
          rejoin.room(), full);
      return Future.succeededFuture(full);
    }
    return room(rejoin.room()).map(room -> {
      boolean wasEmpty = room.count() == 0;
      room.takeBack(node, rejoin.connections(), clock.getAsLong());
      if (wasEmpty && room.count() > 0) {
        setup.metrics().roomsChanged(1);
      }
      return ShardReply.DONE;
    });
  }

  /** A node left the fleet: its connections leave every room here, and the others are told. */
  private void dropNode(String node) {
    for (Room room : rooms.values()) {
      for (String user : room.removeNode(node)) {
        userLeft(room, user, null);
      }
    }
  }

  /**
   * Accepts a message and answers once it is durable and broadcast; a resend of a stored client
   * message id is answered with the original (same id and ts), and is neither stored nor
   * broadcast again.
   */
  private Future<ShardReply> send(ShardCommand.Send send) {
    Room loaded = rooms.get(send.room());
    ShardReply full = loaded == null ? refuseNewRoom(send.room()) : null;
    if (full != null) {
      return Future.succeededFuture(full);
    }
    // The sender's gateway saw its join, so a room this shard does not hold has just moved here
    // from an owner that left the fleet; it settles while the members are handed back.
    Future<Room> room = loaded != null ? Future.succeededFuture(loaded) : room(send.room()).map(r -> {
      r.settle(clock.getAsLong());
      return r;
    });
    return room.compose(r -> send(r, send));
  }

  private Future<ShardReply> send(Room room, ShardCommand.Send send) {
    long now = clock.getAsLong();
    if (!room.hasUser(send.user()) && !room.settling(now)) {
      // The sender's event loop checked membership; this is a leave racing the send. While the
      // room settles, its node may not have handed the sender back yet: its word is taken.
      return Future.succeededFuture(new ShardReply.NotMember(send.room()));
    }
    Future<ShardReply> known = room.known(send);
    if (known != null) {
      return known;
    }
    if (setup.draining().getAsBoolean()) {
      return Future.succeededFuture(new ShardReply.Unavailable("the gateway is shutting down"));
    }
    MessageStore store = setup.store();
    // A resend of a message stored before this owner loaded the room is unknown here: storage
    // knows whether it was stored before. A room whose every message this owner remembers skips it.
    boolean remembered = room.remembersEveryMessage();
    // Scored before it is stored: at once by the fast model, or later on the accurate model's pool,
    // whose answer comes back on this loop. The room's pending queue keeps the acceptance order.
    DeliveryTrace trace = setup.metrics().trace();
    long accepted = trace.on() ? System.nanoTime() : 0;
    return room.accept(send, null, now,
        unscored -> AsyncScorer.score(setup.scorer().get(), send.text()).compose(sentiment -> {
          ChatMessage message = new ChatMessage(unscored.room(), unscored.id(), unscored.user(), unscored.text(),
              unscored.ts(), unscored.clientMsgId(), sentiment).withName(unscored.name());
          Future<ChatMessage> stored = remembered ? store.append(message).map(message) : store.appendOnce(message);
          if (trace.on()) {
            long scored = System.nanoTime();
            trace.record(DeliveryTrace.Stage.SCORE, accepted, scored);
            stored.onComplete(ar -> trace.record(DeliveryTrace.Stage.STORE, scored, System.nanoTime()));
          }
          return stored;
        }),
        () -> release(room));
  }

  /**
   * The room, loaded if need be (a change from a member of a room that just moved here), or the
   * refusal of a shard full of rooms, as a failed future the caller's recovery answers.
   */
  private Future<Room> loaded(String name) {
    ShardReply full = refuseNewRoom(name);
    return full == null ? room(name) : Future.failedFuture(new IllegalStateException("no room for " + name));
  }

  /** Passes a member's typing on to the others, at most once per user per interval, never in a large room. */
  private void typing(ShardCommand.Typing typing) {
    Room room = rooms.get(typing.room());
    long now = clock.getAsLong();
    if (room != null && room.hasUser(typing.user()) && room.count() <= settings.largeRoomThreshold()
        && room.typingPassesOn(typing.user(), now, setup.rules().typingIntervalMs())) {
      fanOut.publish(room.name(), room.targets(now), ServerFrames.typing(room.name(), typing.user(), typing.name()), typing.user(),
          null);
    } else {
      setup.metrics().typingDropped();
    }
  }

  /** Releases, in acceptance order, every message at the head of the queue that storage answered. */
  private void release(Room room) {
    long now = clock.getAsLong();
    room.release(now, (stored, acceptedNanos, storedNanos) -> {
      long published = System.nanoTime();
      fanOut.publish(room.name(), room.targets(now), ServerFrames.message(stored), null, stored.id());
      setup.metrics().trace().record(DeliveryTrace.Stage.RELEASE, storedNanos, published);
      setup.metrics().messageAccepted(stored.sentiment().label(), published - acceptedNanos);
      setup.released().released(stored);
    });
    room.noteIdle(now);
  }

  /**
   * Once a second: {@code members} frames for large rooms whose count changed, {@code mood}
   * frames where the mood moved noticeably, spike detection, release of rooms empty for a while,
   * and, every {@link Settings#moodFlush}, writing changed mood minutes (evicted rooms' at once).
   */
  public void tick() {
    long now = clock.getAsLong();
    for (Room room : rooms.values()) {
      room.whoDiedWithTheOldOwner(now, settings.largeRoomThreshold()).forEach(user -> presence(room, user, null, false, now));
      int count = room.count();
      if (count <= settings.largeRoomThreshold() && room.takeMembersChanged()) {
        setup.fleet().saveMembers(room.name(), room.firstMembers(settings.largeRoomThreshold()));
      }
      int announce = room.countToAnnounce(settings.largeRoomThreshold());
      if (announce >= 0) {
        fanOut.publish(room.name(), room.targets(now), ServerFrames.members(room.name(), announce), null, null);
      }
      Mood mood = room.moodToAnnounce(now);
      if (mood != null && count > 0) {
        fanOut.publish(room.name(), room.targets(now), ServerFrames.mood(room.name(), mood), null, null);
      }
      SentimentAlert alert = room.spike(now);
      if (alert != null) {
        setup.alerts().raise(alert);
      }
    }
    settings.bounds().releaseEmpty(rooms, now, this::takeMood);
    if (now - lastMoodFlush >= settings.moodFlush().toMillis()) {
      lastMoodFlush = now;
      flushMood();
    }
  }

  /**
   * Writes every changed mood minute. Runs off the hot path: sends never wait for it, and a
   * failure keeps the minutes for the next flush.
   */
  Future<Void> flushMood() {
    rooms.values().forEach(this::takeMood);
    if (savingMood || unsaved.isEmpty()) {
      return Future.succeededFuture();
    }
    List<MoodStore.Minute> batch = new ArrayList<>(unsaved.values());
    unsaved.clear();
    savingMood = true;
    return setup.moodStore().save(batch)
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
    for (MoodStore.Minute m : room.takeChangedMood()) {
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

  private ShardReply.Rooms summaries() {
    long now = clock.getAsLong();
    List<ShardReply.RoomSummary> list = new ArrayList<>();
    for (Room room : rooms.values()) {
      if (room.count() > 0) {
        List<String> members = room.firstMembers(MAX_LISTED_MEMBERS);
        list.add(new ShardReply.RoomSummary(room.name(), room.count(), members, room.mood(now),
            room.displayNames(members)));
      }
    }
    return new ShardReply.Rooms(list);
  }

  /** The room's mood and series; for a room not held here (none online since a restart), from the mood store. */
  private Future<ShardReply> moodReport(String roomName) {
    Room room = rooms.get(roomName);
    long now = clock.getAsLong();
    if (room != null) {
      return Future.succeededFuture(new ShardReply.MoodReport(roomName, room.mood(now), room.moodSeries()));
    }
    return setup.moodStore().since(roomName, MoodSeries.oldestMinute(now)).map(minutes -> {
      MoodWindow window = new MoodWindow(settings.moodWindow());
      window.restore(minutes, now);
      return new ShardReply.MoodReport(roomName, window.snapshot(now), MoodSeries.points(minutes));
    });
  }

  /** Completes when no message of this shard waits for storage and the changed mood minutes are written. */
  private Future<Void> drained() {
    List<Future<Void>> inFlight = new ArrayList<>();
    rooms.values().forEach(r -> inFlight.add(r.released()));
    return Future.join(inFlight).<Void>mapEmpty().otherwiseEmpty()
        .compose(v -> flushMood()).otherwiseEmpty();
  }

  /**
   * Null when the room is held here or may be loaded (perhaps in place of a long-empty room);
   * the refusal when the shard holds as many rooms as it may, none of them empty.
   */
  private ShardReply refuseNewRoom(String name) {
    int held = rooms.size() + loading.size();
    if (rooms.containsKey(name) || loading.containsKey(name)
        || settings.bounds().makeSpace(rooms, held, this::takeMood)) {
      return null;
    }
    setup.metrics().roomRefusedNodeFull();
    return new ShardReply.RoomsFull(held);
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
    Future<List<MoodStore.Minute>> mood = setup.moodStore().since(name, MoodSeries.oldestMinute(clock.getAsLong()))
        .recover(e -> {
          log.warn("Reading the stored mood of room {} failed; its series starts empty: {}", name, e.toString());
          return Future.succeededFuture(List.of());
        });
    Future<Room> load = Future.all(setup.store().history(HistoryQuery.latest(name, Room.RECENT)), mood,
            setup.fleet().takeover(name))
        .map(all -> rooms.computeIfAbsent(name, n -> replayed(new Room(n, settings,
            all.<HistoryPage>resultAt(0).messages(), all.resultAt(1), all.resultAt(2), clock.getAsLong()))))
        .onComplete(ar -> loading.remove(name));
    if (!load.isComplete()) {
      loading.put(name, load);
    }
    return load;
  }

  /**
   * Sends a room that may have moved here its latest stored messages again, before any message
   * of its own: an owner that died may have stored a message (and a resend of it is now acked
   * from storage) without broadcasting it. Each event loop drops the ones it delivered already.
   */
  private Room replayed(Room room) {
    long now = clock.getAsLong();
    if (!room.settling(now)) {
      return room;
    }
    for (ChatMessage m : room.recent()) {
      if (!m.deleted()) { // a deleted message is no message to deliver
        fanOut.publish(room.name(), room.targets(now), ServerFrames.message(m), null, m.id());
      }
    }
    return room;
  }

  int roomCount() {
    return rooms.size();
  }
}
