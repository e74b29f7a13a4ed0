package io.pulsechat.localaws;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateways behind a load balancer: round-robin, skipping one that refused a connection in
 * the last 10 s, as the NLB stops routing to a target that fails its health checks (which takes
 * it 20 s: two checks 10 s apart).
 */
final class Targets {
  private static final long DOWN_MS = 10_000;

  private final List<URI> targets;
  private final AtomicInteger next = new AtomicInteger();
  private final Map<URI, Long> downUntil = new ConcurrentHashMap<>();

  Targets(List<URI> targets) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no targets");
    }
    this.targets = List.copyOf(targets);
  }

  URI next() {
    long now = System.currentTimeMillis();
    for (int i = 0; i < targets.size(); i++) {
      URI target = targets.get(Math.floorMod(next.getAndIncrement(), targets.size()));
      if (downUntil.getOrDefault(target, 0L) <= now) {
        return target;
      }
    }
    return targets.get(Math.floorMod(next.getAndIncrement(), targets.size()));
  }

  void failed(URI target) {
    downUntil.put(target, System.currentTimeMillis() + DOWN_MS);
  }

  int size() {
    return targets.size();
  }
}
