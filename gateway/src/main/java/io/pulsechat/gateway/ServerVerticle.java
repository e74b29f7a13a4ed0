package io.pulsechat.gateway;

import io.pulsechat.gateway.http.OriginPolicy;
import io.pulsechat.gateway.metrics.NetMeters;
import io.pulsechat.gateway.net.ConnectionGuard;
import io.pulsechat.gateway.net.ConnectionLimits;
import io.pulsechat.gateway.ws.ChatSocketHandler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.function.Function;

/**
 * One event loop's HTTP and WebSocket server. Several instances listen on the same port and
 * Vert.x spreads connections across them, so every core serves sockets.
 */
final class ServerVerticle extends VerticleBase {
  private final GatewayConfig config;
  private final int port;
  private final Function<io.vertx.core.Vertx, Router> routes;
  private final Function<io.vertx.core.Vertx, ChatSocketHandler> sockets;
  private final ConnectionLimits limits;
  private final NetMeters meters;
  private final OriginPolicy origins;
  private HttpServer server;
  private ChatSocketHandler socketHandler;

  ServerVerticle(GatewayConfig config, int port, Function<io.vertx.core.Vertx, Router> routes,
                 Function<io.vertx.core.Vertx, ChatSocketHandler> sockets, ConnectionLimits limits, NetMeters meters,
                 OriginPolicy origins) {
    this.origins = origins;
    this.limits = limits;
    this.meters = meters;
    this.config = config;
    this.port = port;
    this.routes = routes;
    this.sockets = sockets;
  }

  @Override
  public Future<?> start() {
    socketHandler = sockets.apply(vertx);
    ConnectionGuard guard = new ConnectionGuard(vertx, limits, meters, config.net().handshakeTimeout(),
        config.net().httpIdleTimeout());
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(port)
        .setMaxWebSocketFrameSize(config.maxFrameBytes())
        .setMaxWebSocketMessageSize(config.maxFrameBytes())
        // Deflating every broadcast once per member would multiply fan-out CPU.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setTcpNoDelay(true)
        // No h2c: Vert.x would wait for a client's first bytes to tell HTTP/2 from HTTP/1.1, and
        // the connection guard would not see (nor time out) a connection that sends nothing.
        .setHttp2ClearTextEnabled(false)
        // Every read and write of a connection happens on its own event loop (the hub hands each
        // loop its members' frames), so Vert.x can skip its cross-thread outbound queue: about
        // 8 KB of queue arrays per idle connection.
        .setStrictThreadMode(true)
        // Behind a proxy or load balancer that sends the PROXY protocol header, the client's own
        // address is the one limited and logged.
        .setUseProxyProtocol(config.net().proxyProtocol());
    server = vertx.createHttpServer(options)
        .connectionHandler(guard::onConnection)
        .webSocketHandshakeHandler(handshake -> {
          if (!guard.handshake(handshake)) {
            return;
          }
          // A page of another site must not open sockets in its visitors' names (cross-site WebSocket hijacking).
          if (!origins.allows(handshake.headers().get("Origin"), handshake.headers().get("Host"))) {
            meters.requestRefused(NetMeters.Reason.FOREIGN_ORIGIN);
            handshake.reject(403);
            return;
          }
          socketHandler.handshake(handshake);
        })
        .webSocketHandler(socket -> {
          guard.upgraded(socket);
          socketHandler.handle(socket);
        })
        .requestHandler(guard.requests(routes.apply(vertx)));
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    return socketHandler.closeAll().compose(v -> server.close());
  }

  int actualPort() {
    return server.actualPort();
  }
}
