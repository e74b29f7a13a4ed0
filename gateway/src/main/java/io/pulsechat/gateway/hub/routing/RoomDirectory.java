package io.pulsechat.gateway.hub.routing;

import io.pulsechat.gateway.hub.room.RoomShard;

import io.pulsechat.gateway.protocol.ChatMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The callers' side of the hub: finds the shard that owns a room, on this node or another
 * node of the fleet, and sends it commands. Replies arrive on the caller's context. Safe to
 * share between event loops.
 */
public final class RoomDirectory {
  private final EventBus eventBus;
  private final RoomOwners owners;
  private final String node;
  private final int shards;
  private final Supplier<Collection<String>> fleet;
  private final DeliveryOptions options;
  private final Map<String, Set<Promise<?>>> inFlight = new ConcurrentHashMap<>();
  /** Nodes that left the fleet (ids are never reused): one per departure. */
  private final Set<String> departed = ConcurrentHashMap.newKeySet();

  /**
   * {@code fleet} lists the nodes (this one alone when not clustered), each with {@code shards}
   * shards; {@code replyTimeout} must outlast storage retries, or a stored message would look lost.
   */
  public RoomDirectory(EventBus eventBus, RoomOwners owners, String node, int shards,
                       Supplier<Collection<String>> fleet, Duration replyTimeout) {
    this.eventBus = eventBus;
    this.owners = owners;
    this.node = node;
    this.shards = shards;
    this.fleet = fleet;
    this.options = new DeliveryOptions().setCodecName(WireCodec.NAME).setSendTimeout(replyTimeout.toMillis());
  }

  /** A directory of a gateway on its own, with its shards on the local event bus. */
  public static RoomDirectory local(EventBus eventBus, int shards, Duration replyTimeout) {
    return new RoomDirectory(eventBus, RoomOwners.local(RoomShard.LOCAL_NODE, shards), RoomShard.LOCAL_NODE, shards,
        () -> List.of(RoomShard.LOCAL_NODE), replyTimeout);
  }

  public Future<ShardMessages.JoinResult> join(String room, String user, boolean counted) {
    return request(room, new ShardMessages.Join(room, user, counted, node));
  }

  public void leave(String room, String user) {
    owners.ownerOf(room).onSuccess(owner -> eventBus.send(owner, new ShardMessages.Leave(room, user, node), options));
  }

  /** Tells a room's new owner which of this node's connections were already in the room. */
  public void rejoin(String room, List<String> users) {
    owners.ownerOf(room)
        .onSuccess(owner -> eventBus.send(owner, new ShardMessages.Rejoin(room, node, users), options));
  }

  public Future<ChatMessage> send(ShardMessages.Send send) {
    return request(send.room(), send);
  }

  public Future<ShardMessages.MoodReport> mood(String room) {
    return request(room, new ShardMessages.MoodQuery(room));
  }

  /** Rooms with members online, from every shard of every node, sorted by name. */
  public Future<List<ShardMessages.RoomSummary>> rooms() {
    List<Future<List<ShardMessages.RoomSummary>>> parts = new ArrayList<>();
    for (String member : fleet.get()) {
      for (int i = 0; i < shards; i++) {
        parts.add(eventBus.<List<ShardMessages.RoomSummary>>request(Addresses.shard(member, i),
            new ShardMessages.ListRooms(), options).map(m -> m.body()));
      }
    }
    // A node leaving meanwhile leaves its rooms out rather than failing the list.
    return Future.join(parts).transform(ignored -> {
      List<ShardMessages.RoomSummary> rooms = new ArrayList<>();
      parts.stream().filter(Future::succeeded).forEach(p -> rooms.addAll(p.result()));
      rooms.sort(Comparator.comparing(ShardMessages.RoomSummary::room));
      return Future.succeededFuture(rooms);
    });
  }

  /** Completes once no shard of this node has a message waiting for storage. */
  public Future<Void> drain() {
    List<Future<Object>> parts = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      parts.add(eventBus.request(Addresses.shard(node, i), new ShardMessages.Drain(), options).map(m -> m.body()));
    }
    return Future.join(parts).mapEmpty();
  }

  private <T> Future<T> request(String room, Object command) {
    return owners.ownerOf(room).compose(owner -> {
      Future<T> reply = eventBus.<T>request(owner, command, options).map(m -> m.body());
      String ownerNode = Addresses.nodeOfShard(owner);
      Context caller = Vertx.currentContext();
      if (ownerNode.equals(node) || caller == null) {
        return reply;
      }
      // An owner that dies never answers: its requests fail when the fleet sees it go, not after the timeout.
      Promise<T> answer = ((ContextInternal) caller).promise();
      Set<Promise<?>> waiting = inFlight.computeIfAbsent(ownerNode, n -> ConcurrentHashMap.newKeySet());
      waiting.add(answer);
      if (departed.contains(ownerNode)) {
        // It left between the owner lookup and now: ownerLeft has already passed.
        waiting.remove(answer);
        answer.tryFail(new OwnerLeftException(ownerNode));
      }
      reply.onComplete(ar -> {
        waiting.remove(answer);
        if (ar.succeeded()) {
          answer.tryComplete(ar.result());
        } else {
          answer.tryFail(ar.cause());
        }
      });
      return answer.future();
    });
  }

  /** Fails the requests waiting for an owner on a node that left the fleet. */
  public void ownerLeft(String leftNode) {
    departed.add(leftNode);
    Set<Promise<?>> waiting = inFlight.remove(leftNode);
    if (waiting != null) {
      waiting.forEach(p -> p.tryFail(new OwnerLeftException(leftNode)));
    }
  }
}
