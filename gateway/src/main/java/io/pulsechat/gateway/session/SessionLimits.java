package io.pulsechat.gateway.session;

import io.pulsechat.gateway.GatewayConfig;

/**
 * The node's limits on what clients may ask, with the state they share across event loops: one
 * send bucket per user and one flag bucket per source address. Made once per gateway.
 */
public final class SessionLimits {
  private final GatewayConfig.Rate sends;
  private final GatewayConfig.ProtocolLimits limits;
  private final GatewayConfig.Conversation conversation;
  private final SharedBuckets userSends;
  private final SharedBuckets addressFlags;

  public SessionLimits(GatewayConfig.Rate sends, GatewayConfig.ProtocolLimits limits,
                       GatewayConfig.Conversation conversation, long nowNanos) {
    this.sends = sends;
    this.limits = limits;
    this.conversation = conversation;
    this.userSends = new SharedBuckets(limits.userSends(), nowNanos);
    this.addressFlags = new SharedBuckets(limits.flagsPerAddress(), nowNanos);
  }

  public static SessionLimits of(GatewayConfig config) {
    return new SessionLimits(new GatewayConfig.Rate(config.ratePerSecond(), config.rateBurst()),
        config.protocolLimits(), config.conversation(), System.nanoTime());
  }

  GatewayConfig.Rate sends() {
    return sends;
  }

  GatewayConfig.ProtocolLimits limits() {
    return limits;
  }

  GatewayConfig.Conversation conversation() {
    return conversation;
  }

  SharedBuckets userSends() {
    return userSends;
  }

  SharedBuckets addressFlags() {
    return addressFlags;
  }
}
