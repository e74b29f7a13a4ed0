package io.pulsechat.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.function.Function;

/**
 * The management server: /metrics, the flags export and health on {@code MANAGEMENT_HOST}:{@code
 * MANAGEMENT_PORT} (loopback by default), apart from the public port that load balancers forward.
 */
final class ManagementVerticle extends VerticleBase {
  private final GatewayConfig config;
  private final Function<io.vertx.core.Vertx, Router> routes;
  private HttpServer server;

  ManagementVerticle(GatewayConfig config, Function<io.vertx.core.Vertx, Router> routes) {
    this.config = config;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions().setHost(config.net().managementHost())
        .setPort(config.net().managementPort()).setIdleTimeout((int) config.net().httpIdleTimeout().toSeconds());
    server = vertx.createHttpServer(options).requestHandler(routes.apply(vertx));
    return server.listen();
  }

  int actualPort() {
    return server.actualPort();
  }
}
