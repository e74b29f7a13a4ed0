package io.pulsechat.gateway.hub;

import io.pulsechat.gateway.protocol.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The callers' side of the hub: finds the shard that owns a room and sends it commands.
 * Replies arrive on the caller's context. Safe to share; holds no state but the event bus.
 */
public final class RoomDirectory {
  private final EventBus eventBus;
  private final int shards;
  private final DeliveryOptions options;

  /** {@code replyTimeout} must outlast storage retries, or a stored message would look lost. */
  public RoomDirectory(EventBus eventBus, int shards, Duration replyTimeout) {
    this.eventBus = eventBus;
    this.shards = shards;
    this.options = new DeliveryOptions().setCodecName(LocalCodec.NAME).setSendTimeout(replyTimeout.toMillis());
  }

  public Future<ShardMessages.JoinResult> join(String room, String user, boolean counted) {
    return request(room, new ShardMessages.Join(room, user, counted));
  }

  public void leave(String room, String user) {
    eventBus.send(Addresses.shard(shardOf(room)), new ShardMessages.Leave(room, user), options);
  }

  public Future<ChatMessage> send(ShardMessages.Send send) {
    return request(send.room(), send);
  }

  public Future<ShardMessages.MoodReport> mood(String room) {
    return request(room, new ShardMessages.MoodQuery(room));
  }

  /** Rooms with members online, from every shard, sorted by name. */
  public Future<List<ShardMessages.RoomSummary>> rooms() {
    List<Future<List<ShardMessages.RoomSummary>>> parts = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      parts.add(eventBus.<List<ShardMessages.RoomSummary>>request(Addresses.shard(i), new ShardMessages.ListRooms(), options)
          .map(m -> m.body()));
    }
    return Future.all(parts).map(all -> {
      List<ShardMessages.RoomSummary> rooms = new ArrayList<>();
      parts.forEach(p -> rooms.addAll(p.result()));
      rooms.sort(Comparator.comparing(ShardMessages.RoomSummary::room));
      return rooms;
    });
  }

  /** Completes once no shard has a message waiting for storage. */
  public Future<Void> drain() {
    List<Future<Object>> parts = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      parts.add(eventBus.request(Addresses.shard(i), new ShardMessages.Drain(), options).map(m -> m.body()));
    }
    return Future.join(parts).mapEmpty();
  }

  public int shardOf(String room) {
    return Math.floorMod(room.hashCode(), shards);
  }

  private <T> Future<T> request(String room, Object command) {
    return eventBus.<T>request(Addresses.shard(shardOf(room)), command, options).map(m -> m.body());
  }
}
