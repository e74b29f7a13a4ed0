package io.pulsechat.gateway.http;

import io.pulsechat.gateway.Lifecycle;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Health for load balancers, probes and people:
 * <ul>
 *   <li>{@code /health/live}: 200 while the process answers at all (a liveness probe restarts it
 *       otherwise);</li>
 *   <li>{@code /health/ready}: 200 while it takes traffic, 503 while starting and draining (a
 *       load balancer stops sending it connections);</li>
 *   <li>{@code /health}: the readiness status with details: version, node, uptime, model
 *       version, store, whether storage fails writes, cluster members, draining; 503 also
 *       while storage fails writes.</li>
 * </ul>
 */
public final class HealthRoutes {
  private static final String JSON = "application/json; charset=utf-8";

  /**
   * What /health reports besides the lifecycle.
   *
   * @param fleetSize  the fleet's node count; null when not clustered
   * @param store      a short description of the store (kind and where), never a credential
   * @param writesFailing whether storage is failing writes now: every send would get unavailable
   */
  public record Details(String version, String node, Supplier<String> modelVersion, String store,
                        java.util.function.BooleanSupplier writesFailing, IntSupplier fleetSize) {
  }

  private final Lifecycle lifecycle;
  private final Details details;

  public HealthRoutes(Lifecycle lifecycle, Details details) {
    this.lifecycle = lifecycle;
    this.details = details;
  }

  /** The jar's Implementation-Version, or "dev" when run from classes. */
  public static String version() {
    String v = HealthRoutes.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  public void mount(Router router) {
    router.get("/health/live").handler(rc -> json(rc, 200, new JsonObject().put("status", "live")));
    router.get("/health/ready").handler(rc -> json(rc, status(), new JsonObject().put("status", state())));
    // /health also turns 503 while storage fails writes; /health/ready does not, so that a
    // fleet whose shared DynamoDB is down is not taken out of the load balancer as a whole.
    router.get("/health").handler(this::health);
  }

  private void health(RoutingContext rc) {
    JsonObject body = new JsonObject()
        .put("status", state())
        .put("version", details.version())
        .put("node", details.node())
        .put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000)
        .put("model", details.modelVersion().get())
        .put("store", details.store())
        .put("storage", details.writesFailing().getAsBoolean() ? "failing" : "ok")
        .put("draining", lifecycle.draining());
    if (details.fleetSize() != null) {
      body.put("clusterNodes", details.fleetSize().getAsInt());
    }
    json(rc, details.writesFailing().getAsBoolean() ? 503 : status(), body);
  }

  private int status() {
    return lifecycle.state() == Lifecycle.State.SERVING ? 200 : 503;
  }

  private String state() {
    return lifecycle.state().name().toLowerCase(Locale.ROOT);
  }

  private static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader("content-type", JSON).putHeader("cache-control", "no-store")
        .end(body.encode());
  }
}
