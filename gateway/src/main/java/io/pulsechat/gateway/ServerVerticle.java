package io.pulsechat.gateway;

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
  private HttpServer server;
  private ChatSocketHandler socketHandler;

  ServerVerticle(GatewayConfig config, int port, Function<io.vertx.core.Vertx, Router> routes,
                 Function<io.vertx.core.Vertx, ChatSocketHandler> sockets) {
    this.config = config;
    this.port = port;
    this.routes = routes;
    this.sockets = sockets;
  }

  @Override
  public Future<?> start() {
    socketHandler = sockets.apply(vertx);
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(port)
        .setMaxWebSocketFrameSize(config.maxFrameBytes())
        .setMaxWebSocketMessageSize(config.maxFrameBytes())
        // Deflating every broadcast once per member would multiply fan-out CPU.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setTcpNoDelay(true)
        // Every read and write of a connection happens on its own event loop (the hub hands each
        // loop its members' frames), so Vert.x can skip its cross-thread outbound queue: about
        // 8 KB of queue arrays per idle connection.
        .setStrictThreadMode(true);
    server = vertx.createHttpServer(options)
        .webSocketHandshakeHandler(socketHandler::handshake)
        .webSocketHandler(socketHandler)
        .requestHandler(routes.apply(vertx));
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
