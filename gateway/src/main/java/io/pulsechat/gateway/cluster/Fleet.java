package io.pulsechat.gateway.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.apigw.ConnectionHomes;
import io.pulsechat.gateway.hub.routing.Addresses;
import io.pulsechat.gateway.hub.routing.LocalCodec;
import io.pulsechat.gateway.hub.routing.MemberSnapshots;
import io.pulsechat.gateway.hub.routing.RoomOwners;
import io.pulsechat.gateway.hub.routing.NodeLeft;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This gateway's place in a fleet: its node id, the live nodes, who owns which room, and the
 * news that a node left (published locally on {@link Addresses#NODE_LEFT} so that every owner
 * drops the node's members and every event loop hands its members to the rooms' new owners).
 */
public final class Fleet {
  private static final Logger log = LoggerFactory.getLogger(Fleet.class);
  private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";
  private static final String ROOM_OWNERS = "pulsechat.room-owners";
  private static final String CONNECTION_HOMES = "pulsechat.apigw-homes";
  private static final String ROOM_MEMBERS = "pulsechat.room-members";

  private final Vertx vertx;
  private final HazelcastClusterManager cluster;
  private final RoomOwners owners;
  private final ClusterConnectionHomes homes;
  private final MemberSnapshots memberSnapshots;

  private Fleet(Vertx vertx, HazelcastClusterManager cluster, RoomOwners owners, ClusterConnectionHomes homes,
                MemberSnapshots memberSnapshots) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.owners = owners;
    this.homes = homes;
    this.memberSnapshots = memberSnapshots;
  }

  /** A clustered Vert.x joined to the fleet the configuration describes. */
  public static Future<Vertx> clusteredVertx(VertxBuilder builder, GatewayConfig.Cluster config,
                                             VertxOptions options) {
    options.setEventBusOptions(new EventBusOptions().setHost(config.host()).setPort(config.eventBusPort())
        .setClusterPublicHost(config.host()));
    return builder.with(options).withClusterManager(new HazelcastClusterManager(HazelcastSettings.of(config)))
        .buildClustered();
  }

  /** The fleet of a Vert.x built by {@link #clusteredVertx}; room ownership comes from the cluster-wide map. */
  public static Future<Fleet> join(Vertx vertx, HazelcastClusterManager cluster, int shards) {
    Predicate<String> alive = node -> cluster.getNodes().contains(node);
    Future<AsyncMap<String, String>> roomOwners = vertx.sharedData().getClusterWideMap(ROOM_OWNERS);
    Future<AsyncMap<String, String>> connectionHomes = vertx.sharedData().getClusterWideMap(CONNECTION_HOMES);
    Future<AsyncMap<String, String>> roomMembers = vertx.sharedData().getClusterWideMap(ROOM_MEMBERS);
    return Future.all(roomOwners, connectionHomes, roomMembers).map(maps -> {
      Fleet fleet = new Fleet(vertx, cluster,
          new ClusterRoomOwners(roomOwners.result(), cluster.getNodeId(), shards, alive),
          new ClusterConnectionHomes(connectionHomes.result(), cluster.getNodeId(), alive),
          new ClusterMemberSnapshots(roomMembers.result()));
      // Vert.x keeps the cluster manager's own node listener; this one listens to Hazelcast beside it.
      cluster.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
        @Override
        public void memberAdded(MembershipEvent event) {
          log.info("Node {} joined the fleet ({} nodes)", nodeOf(event), event.getMembers().size());
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
          fleet.nodeLeft(nodeOf(event), event.getMembers().size());
        }
      });
      return fleet;
    });
  }

  private void nodeLeft(String node, int remaining) {
    if (node == null) {
      return;
    }
    homes.forget(node);
    Set<String> orphaned = new HashSet<>(owners.forget(node));
    log.warn("Node {} left the fleet ({} nodes remain); {} of its rooms have members here", node, remaining,
        orphaned.size());
    vertx.eventBus().publish(Addresses.NODE_LEFT, new NodeLeft(node, Set.copyOf(orphaned)),
        new DeliveryOptions().setCodecName(LocalCodec.NAME));
  }

  private static String nodeOf(MembershipEvent event) {
    return event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
  }

  public String nodeId() {
    return cluster.getNodeId();
  }

  public Collection<String> nodes() {
    return List.copyOf(cluster.getNodes());
  }

  public RoomOwners owners() {
    return owners;
  }

  public ConnectionHomes homes() {
    return homes;
  }

  public MemberSnapshots memberSnapshots() {
    return memberSnapshots;
  }
}
