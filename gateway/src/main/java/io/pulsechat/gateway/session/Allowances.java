package io.pulsechat.gateway.session;

import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.protocol.RateLimit;

/**
 * One connection's allowances: a token bucket for each kind of request (sends, joins and
 * leaves, history, flags), the node-wide buckets of its user and source address, and whether
 * its refusals have become sustained abuse. Not thread-safe: one per connection, on its loop.
 */
final class Allowances {
  private final SessionLimits limits;
  private final String address;
  private final TokenBucket sends;
  private final TokenBucket joins;
  private final TokenBucket history;
  private final TokenBucket flags;
  private final TokenBucket reactions;
  private final TokenBucket typing;
  private final SustainedAbuse abuse;

  Allowances(SessionLimits limits, String address, long nowNanos) {
    this.limits = limits;
    this.address = address;
    this.sends = bucket(limits.sends(), nowNanos);
    this.joins = bucket(limits.limits().joins(), nowNanos);
    this.history = bucket(limits.limits().history(), nowNanos);
    this.flags = bucket(limits.limits().flags(), nowNanos);
    this.reactions = bucket(limits.conversation().reactions(), nowNanos);
    this.typing = bucket(limits.conversation().typing(), nowNanos);
    this.abuse = new SustainedAbuse(limits.limits().abuseAfter());
  }

  private static TokenBucket bucket(GatewayConfig.Rate rate, long nowNanos) {
    return new TokenBucket(rate.burst(), rate.perSecond(), nowNanos);
  }

  /**
   * Takes what one request of this kind costs ({@link RateLimit#SEND} and {@link RateLimit#FLAG}
   * also from the user's or the address's shared bucket); returns null when allowed, otherwise
   * the allowance that refused it.
   */
  RateLimit take(RateLimit kind, String user, long nowNanos) {
    return switch (kind) {
      case SEND, USER_SEND -> !sends.tryTake(nowNanos) ? RateLimit.SEND
          : limits.userSends().tryTake(user, nowNanos) ? null : RateLimit.USER_SEND;
      case JOIN -> joins.tryTake(nowNanos) ? null : RateLimit.JOIN;
      case HISTORY -> history.tryTake(nowNanos) ? null : RateLimit.HISTORY;
      case FLAG, ADDRESS_FLAG -> !flags.tryTake(nowNanos) ? RateLimit.FLAG
          : limits.addressFlags().tryTake(address, nowNanos) ? null : RateLimit.ADDRESS_FLAG;
      case REACT -> reactions.tryTake(nowNanos) ? null : RateLimit.REACT;
      case TYPING -> typing.tryTake(nowNanos) ? null : RateLimit.TYPING;
    };
  }

  /** A request was refused now; returns whether the connection is to be closed for sustained abuse. */
  boolean refusedIsAbuse(long nowNanos) {
    return abuse.refused(nowNanos);
  }

  int maxRooms() {
    return limits.limits().maxRoomsPerConnection();
  }
}
