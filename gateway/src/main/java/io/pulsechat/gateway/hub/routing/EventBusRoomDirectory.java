package io.pulsechat.gateway.hub.routing;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link RoomDirectory} over the event bus: commands go to the owner shard's address, on any node. */
public final class EventBusRoomDirectory implements RoomDirectory {
  private static final Logger log = LoggerFactory.getLogger(EventBusRoomDirectory.class);

  private final EventBus eventBus;
  private final Fleet fleet;
  private final String node;
  private final int shards;
  private final DeliveryOptions options;

  /**
   * Each node of {@code fleet} has {@code shards} shards; {@code replyTimeout} must outlast
   * storage retries, or a stored message would look lost.
   */
  public EventBusRoomDirectory(EventBus eventBus, Fleet fleet, int shards, Duration replyTimeout) {
    this.eventBus = eventBus;
    this.fleet = fleet;
    this.node = fleet.node();
    this.shards = shards;
    this.options = new DeliveryOptions().setCodecName(WireCodec.NAME).setSendTimeout(replyTimeout.toMillis())
        .addHeader(Addresses.FROM_NODE, node);
  }

  @Override
  public Future<ShardReply> ask(ShardCommand.ToRoom command) {
    return fleet.ownerOf(command.room())
        .compose(owner -> request(owner, command))
        .otherwise(e -> {
          log.warn("{} got no answer: {}", command, e.toString());
          return new ShardReply.Unavailable("the room's owner did not answer");
        });
  }

  @Override
  public void tell(ShardCommand.ToRoom command) {
    fleet.ownerOf(command.room()).onSuccess(owner -> eventBus.send(owner, command, options));
  }

  @Override
  public Future<List<ShardReply.RoomSummary>> rooms() {
    List<Future<ShardReply>> parts = new ArrayList<>();
    for (String member : fleet.nodes()) {
      for (int i = 0; i < shards; i++) {
        parts.add(eventBus.<ShardReply>request(Addresses.shard(member, i), new ShardCommand.ListRooms(), options)
            .map(m -> m.body()));
      }
    }
    // A node leaving meanwhile leaves its rooms out rather than failing the list.
    return Future.join(parts).transform(ignored -> {
      List<ShardReply.RoomSummary> rooms = new ArrayList<>();
      parts.stream().filter(Future::succeeded).map(Future::result)
          .forEach(r -> rooms.addAll(((ShardReply.Rooms) r).rooms()));
      rooms.sort(Comparator.comparing(ShardReply.RoomSummary::room));
      return Future.succeededFuture(rooms);
    });
  }

  @Override
  public Future<Void> drain() {
    List<Future<Object>> parts = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      parts.add(eventBus.request(Addresses.shard(node, i), new ShardCommand.Drain(), options).map(m -> m.body()));
    }
    return Future.join(parts).mapEmpty();
  }

  private Future<ShardReply> request(String owner, ShardCommand command) {
    // An owner that dies never answers: its requests end when the fleet sees it go, not after the timeout.
    return fleet.orOwnerLeft(Addresses.nodeOfShard(owner),
        eventBus.<ShardReply>request(owner, command, options).map(m -> m.body()));
  }
}
