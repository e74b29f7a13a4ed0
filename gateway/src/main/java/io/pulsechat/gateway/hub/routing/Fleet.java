package io.pulsechat.gateway.hub.routing;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;

/**
 * The fleet of gateways as the hub sees it, whatever holds it together (as centrifuge's engines
 * sit behind its {@code Broker}): which shard owns a room, which nodes there are, what a room's
 * owner does about a room that may have moved to it ({@link Takeover}) and about a request whose
 * owner left, and the relay of a room's frames to another node. {@link #alone} is one process on
 * its own; {@code cluster.HazelcastFleet} is a fleet over Hazelcast, which also tells this node's
 * shards and event loops when a node leaves ({@link ShardCommand.DropNode}, {@link Addresses#HAND_BACK}).
 * Safe to share between event loops.
 */
public interface Fleet {

  /** This node's id. */
  String node();

  /** The nodes of the fleet, this one included. */
  Collection<String> nodes();

  /** The owner's {@link Addresses#shard} address; the first node to ask claims a room nobody owns. */
  Future<String> ownerOf(String room);

  /**
   * {@code reply}, or {@link ShardReply.OwnerLeft} as soon as {@code ownerNode} leaves the fleet
   * (an owner that dies never answers). Call on the caller's context; completes there.
   */
  Future<ShardReply> orOwnerLeft(String ownerNode, Future<ShardReply> reply);

  /** Keeps who is in a small room where the fleet can read it; best effort, off the hot path. */
  void saveMembers(String room, List<String> users);

  /** How the owner about to load a room treats it, in case it moved from an owner that left. Never fails. */
  Future<Takeover> takeover(String room);

  /**
   * Sends a room's frame to another node, which hands it to its own event loops; frames sent
   * from one context to one node arrive in the order they were sent.
   */
  void relay(String node, RelayMessage.Delivery delivery);

  /** The shard of this node that owns a room it claims: by the room's hash. */
  static int shardOf(String room, int shards) {
    return Math.floorMod(room.hashCode(), shards);
  }

  /** This gateway alone: every room belongs to one of its shards, never moves, and dies with the process. */
  static Fleet alone(int shards) {
    return new Fleet() {
      @Override
      public String node() {
        return Addresses.LOCAL_NODE;
      }

      @Override
      public Collection<String> nodes() {
        return List.of(Addresses.LOCAL_NODE);
      }

      @Override
      public Future<String> ownerOf(String room) {
        return Future.succeededFuture(Addresses.shard(Addresses.LOCAL_NODE, shardOf(room, shards)));
      }

      @Override
      public Future<ShardReply> orOwnerLeft(String ownerNode, Future<ShardReply> reply) {
        return reply;
      }

      @Override
      public void saveMembers(String room, List<String> users) {
        // the rooms die with the process: nothing to keep
      }

      @Override
      public Future<Takeover> takeover(String room) {
        return Future.succeededFuture(Takeover.NONE);
      }

      @Override
      public void relay(String node, RelayMessage.Delivery delivery) {
        throw new IllegalArgumentException("a gateway on its own has no node " + node);
      }
    };
  }
}
