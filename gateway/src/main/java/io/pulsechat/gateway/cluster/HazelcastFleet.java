package io.pulsechat.gateway.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.hub.routing.Addresses;
import io.pulsechat.gateway.hub.routing.Fleet;
import io.pulsechat.gateway.hub.routing.NodeLeft;
import io.pulsechat.gateway.hub.routing.RelayMessage;
import io.pulsechat.gateway.hub.routing.ShardReply;
import io.pulsechat.gateway.hub.routing.Takeover;
import io.pulsechat.gateway.hub.routing.WireCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Fleet} over Hazelcast: node ids and departures from its membership, room owners
 * and API Gateway connections' holders in cluster-wide maps (a room belongs to the shard of the
 * node that claimed it first, for as long as that node lives, so adding a node moves no room),
 * members' snapshots in a map Hazelcast backs up on another node, and frames relayed over the
 * clustered event bus to each node's {@link NodeRelayVerticle}.
 */
public final class HazelcastFleet implements Fleet {
  private static final Logger log = LoggerFactory.getLogger(HazelcastFleet.class);
  private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";
  private static final String ROOM_OWNERS = "pulsechat.room-owners";
  private static final String CONNECTION_HOMES = "pulsechat.apigw-homes";
  private static final String ROOM_MEMBERS = "pulsechat.room-members";
  private static final DeliveryOptions WIRE = new DeliveryOptions().setCodecName(WireCodec.NAME);

  private final Vertx vertx;
  private final HazelcastClusterManager cluster;
  private final int shards;
  private final ClusterClaims rooms;
  private final ConnectionClaims connections;
  private final AsyncMap<String, String> snapshots;
  private final NodeDepartures departures;

  private HazelcastFleet(Vertx vertx, HazelcastClusterManager cluster, int shards, ClusterClaims rooms,
                         ConnectionClaims connections, AsyncMap<String, String> snapshots) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.shards = shards;
    this.rooms = rooms;
    this.connections = connections;
    this.snapshots = snapshots;
    this.departures = new NodeDepartures(vertx.eventBus(), cluster.getNodeId(), shards);
  }

  /** A clustered Vert.x joined to the fleet the configuration describes. */
  public static Future<Vertx> clusteredVertx(VertxBuilder builder, GatewayConfig.Cluster config,
                                             VertxOptions options) {
    options.setEventBusOptions(new EventBusOptions().setHost(config.host()).setPort(config.eventBusPort())
        .setClusterPublicHost(config.host()));
    return builder.with(options).withClusterManager(new HazelcastClusterManager(HazelcastSettings.of(config)))
        .buildClustered();
  }

  /** The fleet of a Vert.x built by {@link #clusteredVertx}, each node with {@code shards} room shards. */
  public static Future<HazelcastFleet> join(Vertx vertx, HazelcastClusterManager cluster, int shards) {
    Predicate<String> alive = node -> cluster.getNodes().contains(node);
    Future<AsyncMap<String, String>> roomOwners = vertx.sharedData().getClusterWideMap(ROOM_OWNERS);
    Future<AsyncMap<String, String>> connectionHomes = vertx.sharedData().getClusterWideMap(CONNECTION_HOMES);
    Future<AsyncMap<String, String>> roomMembers = vertx.sharedData().getClusterWideMap(ROOM_MEMBERS);
    WireCodec.registerOn(vertx.eventBus());
    return Future.all(roomOwners, connectionHomes, roomMembers).map(maps -> {
      HazelcastFleet fleet = new HazelcastFleet(vertx, cluster, shards,
          new ClusterClaims(roomOwners.result(), Addresses::nodeOfShard, alive),
          new ConnectionClaims(connectionHomes.result(), cluster.getNodeId(), alive), roomMembers.result());
      // Vert.x keeps the cluster manager's own node listener; this one listens to Hazelcast beside it.
      cluster.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
        @Override
        public void memberAdded(MembershipEvent event) {
          log.info("Node {} joined the fleet ({} nodes)", nodeOf(event), event.getMembers().size());
        }

        /** The one listener of departures: see {@link NodeDepartures}. */
        @Override
        public void memberRemoved(MembershipEvent event) {
          fleet.left(nodeOf(event), event.getMembers().size());
        }
      });
      return fleet;
    });
  }

  private void left(String node, int remaining) {
    if (node == null) {
      return;
    }
    connections.forget(node);
    Set<String> orphaned = Set.copyOf(rooms.forget(node));
    log.warn("Node {} left the fleet ({} nodes remain); {} of its rooms have members here", node, remaining,
        orphaned.size());
    departures.left(new NodeLeft(node, orphaned));
  }

  private static String nodeOf(MembershipEvent event) {
    return event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
  }

  @Override
  public String node() {
    return cluster.getNodeId();
  }

  @Override
  public Collection<String> nodes() {
    return List.copyOf(cluster.getNodes());
  }

  @Override
  public Future<String> ownerOf(String room) {
    return rooms.holder(room, Addresses.shard(node(), Fleet.shardOf(room, shards)));
  }

  @Override
  public Future<ShardReply> orOwnerLeft(String ownerNode, Future<ShardReply> reply) {
    return departures.orOwnerLeft(ownerNode, reply);
  }

  @Override
  public void saveMembers(String room, List<String> users) {
    snapshots.put(room, new JsonArray(new ArrayList<>(users)).encode())
        .onFailure(e -> log.warn("Keeping the members of room {} for the fleet failed: {}", room, e.toString()));
  }

  /**
   * Who was in the room by its last snapshot is a nicety: while the map moves partitions after a
   * node died, a read may wait long, and a room must not wait with it.
   */
  @Override
  public Future<Takeover> takeover(String room) {
    return snapshots.get(room).<Takeover>map(json -> {
      List<String> users = new ArrayList<>();
      if (json != null) {
        new JsonArray(json).forEach(u -> users.add((String) u));
      }
      return new RoomTakeover(users);
    }).timeout(2, TimeUnit.SECONDS).recover(e -> {
      log.warn("Reading who was in room {} failed: {}", room, e.toString());
      return Future.succeededFuture(new RoomTakeover(List.of()));
    });
  }

  @Override
  public void relay(String node, RelayMessage.Delivery delivery) {
    vertx.eventBus().send(Addresses.node(node), delivery, WIRE);
  }

  /** Which node holds each API Gateway connection. */
  public ConnectionClaims connections() {
    return connections;
  }
}
