package io.pulsechat.gateway.hub.room;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How many rooms one shard holds, and how long and how many of those nobody is in it keeps.
 * An empty room is kept a while so that a member who comes back finds it without a storage
 * query; past {@code keepEmpty}, or when more than {@code maxEmpty} are empty, the longest
 * empty are released. A new room past {@code maxRooms} first releases an empty one, and is
 * refused when there is none.
 */
public record RoomBounds(int maxRooms, Duration keepEmpty, int maxEmpty) {
  /** No bound on counts; empty rooms kept {@code keepEmpty}. */
  public static RoomBounds keepingEmpty(Duration keepEmpty) {
    return new RoomBounds(Integer.MAX_VALUE, keepEmpty, Integer.MAX_VALUE);
  }

  /** A node's bounds shared evenly among its {@code shards}, rounding up. */
  public RoomBounds perShard(int shards) {
    return new RoomBounds(ceilDiv(maxRooms, shards), keepEmpty, ceilDiv(maxEmpty, shards));
  }

  private static int ceilDiv(int total, int parts) {
    return total == Integer.MAX_VALUE ? total : (total + parts - 1) / parts;
  }

  /** Releases the rooms empty for too long, then the longest empty past {@code maxEmpty}. */
  void releaseEmpty(Map<String, Room> rooms, long now, Consumer<Room> release) {
    List<Room> empty = new ArrayList<>();
    Iterator<Room> it = rooms.values().iterator();
    while (it.hasNext()) {
      Room room = it.next();
      if (!room.isIdle()) {
        continue;
      }
      if (now - room.idleSince() > keepEmpty.toMillis()) {
        release.accept(room);
        it.remove();
      } else {
        empty.add(room);
      }
    }
    if (empty.size() > maxEmpty) {
      empty.sort(Comparator.comparingLong(Room::idleSince));
      empty.subList(0, empty.size() - maxEmpty).forEach(room -> {
        release.accept(room);
        rooms.remove(room.name());
      });
    }
  }

  /**
   * Makes space for one more room when {@code held} rooms are at the bound: releases the longest
   * empty one; returns false when every room is in use.
   */
  boolean makeSpace(Map<String, Room> rooms, int held, Consumer<Room> release) {
    if (held < maxRooms) {
      return true;
    }
    Room oldest = null;
    for (Room room : rooms.values()) {
      if (room.isIdle() && (oldest == null || room.idleSince() < oldest.idleSince())) {
        oldest = room;
      }
    }
    if (oldest == null) {
      return false;
    }
    release.accept(oldest);
    rooms.remove(oldest.name());
    return true;
  }
}
