package io.pulsechat.gateway.hub.routing;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The fleet of gateways as the hub sees it, whatever holds it together: which shard owns a room,
 * which nodes there are and when one leaves, who was in a room (for the successor of an owner
 * that died), and the relay of a room's frames to another node. {@link #alone} is one process on
 * its own; {@code cluster.HazelcastFleet} is a fleet over Hazelcast. Safe to share between
 * event loops.
 */
public interface Fleet {

  /** This node's id. */
  String node();

  /** The nodes of the fleet, this one included. */
  Collection<String> nodes();

  /** The owner's {@link Addresses#shard} address; the first node to ask claims a room nobody owns. */
  Future<String> ownerOf(String room);

  /** Keeps who is in a small room where the fleet can read it; best effort, off the hot path. */
  void saveMembers(String room, List<String> users);

  /** Who was in the room by its last {@link #saveMembers}; empty when nobody kept it. */
  Future<List<String>> lastMembers(String room);

  /**
   * Sends a room's frame to another node, which hands it to its own event loops; frames sent
   * from one context to one node arrive in the order they were sent.
   */
  void relay(String node, RelayMessage.Delivery delivery);

  /**
   * Sets the one listener of node departures, called once per node that leaves, with the rooms
   * this node knew it to own. A fleet of one process never calls it.
   */
  void onNodeLeft(Consumer<NodeLeft> listener);

  /** The shard of this node that owns a room it claims: by the room's hash. */
  static int shardOf(String room, int shards) {
    return Math.floorMod(room.hashCode(), shards);
  }

  /** This gateway alone: every room belongs to one of its shards, and nothing outlives the process. */
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
      public void saveMembers(String room, List<String> users) {
        // the rooms die with the process: nothing to keep
      }

      @Override
      public Future<List<String>> lastMembers(String room) {
        return Future.succeededFuture(List.of());
      }

      @Override
      public void relay(String node, RelayMessage.Delivery delivery) {
        throw new IllegalArgumentException("a gateway on its own has no node " + node);
      }

      @Override
      public void onNodeLeft(Consumer<NodeLeft> listener) {
        // nobody ever leaves
      }
    };
  }
}
