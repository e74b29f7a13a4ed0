package io.pulsechat.gateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.pulsechat.gateway.GatewayConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

/** Hazelcast's configuration for a gateway node: Vert.x's defaults, with the fleet's network and timings. */
final class HazelcastSettings {
  private HazelcastSettings() {
  }

  static Config of(GatewayConfig.Cluster cluster) {
    // Vert.x's default file declares the maps and multimaps its cluster manager relies on.
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // A killed node is declared gone after 5 s without heartbeats, not Hazelcast's default 60 s:
    // until then its rooms cannot be claimed again.
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.local.localAddress", cluster.host());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false).setPublicAddress(cluster.host() + ":" + cluster.port());
    network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (cluster.awsDiscovery()) {
      join.getAwsConfig().setEnabled(true)
          .setProperty("tag-key", cluster.awsTagKey().orElseThrow())
          .setProperty("tag-value", cluster.awsTagValue().orElse(""))
          .setProperty("hz-port", Integer.toString(cluster.port()));
    } else {
      join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    }
    return config;
  }
}
