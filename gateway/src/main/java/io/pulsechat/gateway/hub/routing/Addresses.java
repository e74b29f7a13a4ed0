package io.pulsechat.gateway.hub.routing;

/** Event-bus addresses of the hub. */
public final class Addresses {
  private Addresses() {
  }

  private static final String SHARD = "pulsechat.shard.";

  /** The event-bus header naming the node a {@link ShardCommand} comes from. */
  public static final String FROM_NODE = "from";

  /** The node of a gateway that is not part of a fleet. */
  public static final String LOCAL_NODE = "local";

  /**
   * Told locally to every event loop when rooms lost their owner with a node that left the
   * fleet ({@link NodeLeft}): each hands its members of those rooms to the new owners.
   */
  public static final String HAND_BACK = "pulsechat.fleet.hand-back";

  /** Where the owner of a shard of a node takes commands, from any node of the fleet. */
  public static String shard(String node, int index) {
    return SHARD + node + "." + index;
  }

  /** The node of a {@link #shard} address. */
  public static String nodeOfShard(String address) {
    return address.substring(SHARD.length(), address.lastIndexOf('.'));
  }

  /** Where a node takes the frames of its rooms from the owners on other nodes. */
  public static String node(String node) {
    return "pulsechat.node." + node;
  }

  /** Where a room's frames are published; each event loop with members of the room listens. */
  public static String room(String room) {
    return "pulsechat.room." + room;
  }
}
