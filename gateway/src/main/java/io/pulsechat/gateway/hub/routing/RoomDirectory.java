package io.pulsechat.gateway.hub.routing;

import io.vertx.core.Future;
import java.util.List;

/**
 * The callers' side of the hub: reaches the owner of a room, on this node or another node of
 * the fleet. Answers arrive on the caller's context and never as a failure: an owner that is
 * gone or silent is a {@link ShardReply} too. Safe to share between event loops.
 */
public interface RoomDirectory {
  /** Asks the owner of the command's room. */
  Future<ShardReply> ask(ShardCommand.ToRoom command);

  /** Tells the owner of the command's room, expecting no answer. */
  void tell(ShardCommand.ToRoom command);

  /** Rooms with members online, from every shard of every node, sorted by name. */
  Future<List<ShardReply.RoomSummary>> rooms();

  /** Completes once no shard of this node has a message waiting for storage. */
  Future<Void> drain();
}
