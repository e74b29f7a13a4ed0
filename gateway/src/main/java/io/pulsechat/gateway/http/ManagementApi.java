package io.pulsechat.gateway.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pulsechat.gateway.metrics.NetMeters;
import io.pulsechat.gateway.store.FeedbackStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The routes of the management server, which listens apart from the public port (loopback by
 * default): {@code /metrics}, the flags export {@code /api/feedback.jsonl} that retraining reads,
 * and health. Neither of the first two is for the public: meters tell an attacker what bites, and
 * the flags are the model's next training data.
 */
public final class ManagementApi {
  private final Vertx vertx;
  private final FeedbackStore feedback;
  private final PrometheusMeterRegistry prometheus;
  private final HealthRoutes health;
  private final NetMeters netMeters;
  private final int maxBodyBytes;

  public ManagementApi(Vertx vertx, FeedbackStore feedback, PrometheusMeterRegistry prometheus, HealthRoutes health,
                       NetMeters netMeters, int maxBodyBytes) {
    this.vertx = vertx;
    this.feedback = feedback;
    this.prometheus = prometheus;
    this.health = health;
    this.netMeters = netMeters;
    this.maxBodyBytes = maxBodyBytes;
  }

  public Router router() {
    Router router = Router.router(vertx);
    BodyLimit.install(router, maxBodyBytes, netMeters);
    health.mount(router);
    router.get("/metrics").handler(this::metrics);
    router.get("/api/feedback.jsonl").handler(this::feedback);
    return router;
  }

  private void metrics(RoutingContext rc) {
    // Scraping walks every meter: keep it off the event loop.
    vertx.executeBlocking(prometheus::scrape, false).onComplete(ar -> {
      if (ar.succeeded()) {
        rc.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
      } else {
        rc.fail(ar.cause());
      }
    });
  }

  /**
   * Extension: every flag as JSON lines in the trainer's {@code --feedback} format
   * ({@code text} and the reader's {@code label}, plus context the trainer ignores).
   */
  private void feedback(RoutingContext rc) {
    feedback.all().onComplete(ar -> {
      if (ar.failed()) {
        HttpApi.unavailable(rc, ar.cause());
        return;
      }
      Buffer body = Buffer.buffer();
      for (FeedbackStore.Flag f : ar.result()) {
        body.appendString(new JsonObject().put("text", f.text()).put("label", f.label())
            .put("modelLabel", f.modelLabel()).put("model", f.model()).put("room", f.room()).put("id", f.id())
            .put("user", f.user()).put("ts", f.ts()).encode()).appendString("\n");
      }
      rc.response().putHeader("content-type", "application/x-ndjson; charset=utf-8")
          .putHeader("content-disposition", "attachment; filename=\"feedback.jsonl\"").end(body);
    });
  }
}
