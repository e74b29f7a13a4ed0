package io.pulsechat.gateway.hub.routing;

import io.vertx.core.Future;
import java.util.List;

/**
 * Who is in each room that announces its members by name, kept where the fleet can read it:
 * when a room's owner dies, its successor names the users who died with it.
 */
public interface MemberSnapshots {
  /** Replaces the room's snapshot; best effort, off the hot path. */
  void save(String room, List<String> users);

  /** The room's last snapshot; empty when there is none. */
  Future<List<String>> load(String room);

  /** A gateway on its own: its rooms die with it, so there is nothing to keep. */
  MemberSnapshots NONE = new MemberSnapshots() {
    @Override
    public void save(String room, List<String> users) {
    }

    @Override
    public Future<List<String>> load(String room) {
      return Future.succeededFuture(List.of());
    }
  };
}
