package io.pulsechat.gateway.cluster;

import io.pulsechat.gateway.hub.routing.MemberSnapshots;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Room members' snapshots in a cluster-wide map (Hazelcast keeps a backup on another node). */
public final class ClusterMemberSnapshots implements MemberSnapshots {
  private static final Logger log = LoggerFactory.getLogger(ClusterMemberSnapshots.class);

  private final AsyncMap<String, String> snapshots;

  public ClusterMemberSnapshots(AsyncMap<String, String> snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public void save(String room, List<String> users) {
    snapshots.put(room, new JsonArray(new ArrayList<>(users)).encode())
        .onFailure(e -> log.warn("Keeping the members of room {} for the fleet failed: {}", room, e.toString()));
  }

  @Override
  public Future<List<String>> load(String room) {
    return snapshots.get(room).map(json -> {
      List<String> users = new ArrayList<>();
      if (json != null) {
        new JsonArray(json).forEach(u -> users.add((String) u));
      }
      return users;
    });
  }
}
