package io.pulsechat.gateway.net;

import io.pulsechat.gateway.GatewayConfig;
import java.lang.management.ManagementFactory;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the open connections of the whole gateway and of each source address, for every event
 * loop at once. Past {@code maxTotal} a connection may still ask for {@code /health} (up to
 * {@link #HEALTH_RESERVE} such), so a load balancer keeps seeing a live node; past that, and
 * past the per-address bound, new connections are closed at once. The total bound defaults to
 * below the process's descriptor limit, so the gateway refuses connections itself instead of
 * failing to accept them.
 */
public final class ConnectionLimits {
  /** Connections past the total bound that may still ask for /health. */
  static final int HEALTH_RESERVE = 16;

  /** What a new connection may do. */
  public enum Admission { ADMITTED, HEALTH_ONLY, REFUSED_ADDRESS, REFUSED_TOTAL }

  private final int maxTotal;
  private final int maxPerAddress;
  private final boolean limitLoopback;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();

  ConnectionLimits(int maxTotal, int maxPerAddress, boolean limitLoopback) {
    this.maxTotal = maxTotal;
    this.maxPerAddress = maxPerAddress;
    this.limitLoopback = limitLoopback;
  }

  public static ConnectionLimits from(GatewayConfig.Net net) {
    int total = net.maxConnections() > 0 ? net.maxConnections() : belowDescriptorLimit();
    return new ConnectionLimits(total, net.maxConnectionsPerAddress(), net.limitLoopback());
  }

  /**
   * 90 % of the descriptor limit less 100, for storage clients, files and the health reserve;
   * when the limit cannot be read, 10,000.
   */
  static int belowDescriptorLimit() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
      long fds = os.getMaxFileDescriptorCount();
      return (int) Math.max(64, Math.min(Integer.MAX_VALUE / 2, fds * 9 / 10 - 100));
    }
    return 10_000;
  }

  public int maxTotal() {
    return maxTotal;
  }

  /** Connections holding a place now, HTTP and WebSocket. */
  public int held() {
    return total.get();
  }

  public int maxPerAddress() {
    return maxPerAddress;
  }

  /** Takes a place for a new connection from {@code address}; release it with {@link #release}. */
  public Admission admit(String address, boolean loopback) {
    boolean perAddress = maxPerAddress > 0 && (limitLoopback || !loopback);
    if (perAddress) {
      boolean[] full = {false};
      byAddress.compute(address, (a, count) -> {
        AtomicInteger c = count == null ? new AtomicInteger() : count;
        if (c.get() >= maxPerAddress) {
          full[0] = true;
        } else {
          c.incrementAndGet();
        }
        return c;
      });
      if (full[0]) {
        return Admission.REFUSED_ADDRESS;
      }
    }
    int now = total.incrementAndGet();
    if (now > maxTotal + HEALTH_RESERVE) {
      total.decrementAndGet();
      if (perAddress) {
        releaseAddress(address);
      }
      return Admission.REFUSED_TOTAL;
    }
    return now > maxTotal ? Admission.HEALTH_ONLY : Admission.ADMITTED;
  }

  /** Gives back the place of a connection that {@link #admit} let in. */
  public void release(String address, boolean loopback) {
    total.decrementAndGet();
    if (maxPerAddress > 0 && (limitLoopback || !loopback)) {
      releaseAddress(address);
    }
  }

  private void releaseAddress(String address) {
    // Dropping the entry at zero keeps the map as small as the set of addresses connected now.
    byAddress.computeIfPresent(address, (a, c) -> c.decrementAndGet() <= 0 ? null : c);
  }

  /** Addresses with connections open, for tests. */
  int addressesTracked() {
    return byAddress.size();
  }
}
