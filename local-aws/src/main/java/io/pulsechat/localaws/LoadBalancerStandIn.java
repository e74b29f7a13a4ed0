package io.pulsechat.localaws;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.util.List;

/**
 * The public NLB of {@code FrontDoor=LoadBalancer}: a TCP proxy that hands each new connection to
 * the next gateway, skipping one that refuses (the NLB's health checks), and pipes bytes both
 * ways. A client whose gateway dies reconnects through it to a live one. No TLS (the stack's
 * listener is TLS), no source-IP stickiness.
 */
public final class LoadBalancerStandIn {
  private final Vertx vertx;
  private final Targets gateways;
  private final NetClient client;
  private NetServer server;

  public LoadBalancerStandIn(Vertx vertx, List<URI> gateways) {
    this.vertx = vertx;
    this.gateways = new Targets(gateways);
    this.client = vertx.createNetClient();
  }

  public Future<LoadBalancerStandIn> start(String host, int port) {
    return vertx.createNetServer().connectHandler(this::accept).listen(port, host).map(s -> {
      server = s;
      return this;
    });
  }

  public int port() {
    return server.actualPort();
  }

  private void accept(NetSocket inbound) {
    inbound.pause();
    connect(inbound, gateways.size());
  }

  private void connect(NetSocket inbound, int attemptsLeft) {
    URI target = gateways.next();
    client.connect(target.getPort(), target.getHost()).onComplete(ar -> {
      if (ar.failed()) {
        gateways.failed(target);
        if (attemptsLeft > 1) {
          connect(inbound, attemptsLeft - 1);
        } else {
          inbound.close();
        }
        return;
      }
      NetSocket outbound = ar.result();
      inbound.pipeTo(outbound);
      outbound.pipeTo(inbound);
      inbound.resume();
    });
  }
}
