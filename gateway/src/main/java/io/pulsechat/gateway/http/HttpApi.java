package io.pulsechat.gateway.http;

import io.pulsechat.gateway.auth.ApiTokens;
import io.pulsechat.gateway.auth.Identity;
import io.pulsechat.gateway.hub.insights.MoodPoint;
import io.pulsechat.gateway.hub.routing.RoomDirectory;
import io.pulsechat.gateway.hub.routing.ShardCommand;
import io.pulsechat.gateway.hub.routing.ShardReply;
import io.pulsechat.gateway.logging.ThrottledLog;
import io.pulsechat.gateway.metrics.NetMeters;
import io.pulsechat.gateway.protocol.ErrorCode;
import io.pulsechat.gateway.protocol.HistoryQuery;
import io.pulsechat.gateway.protocol.Names;
import io.pulsechat.gateway.protocol.ServerFrames;
import io.pulsechat.gateway.store.MessageStore;
import io.pulsechat.gateway.store.ReadMarkers;
import io.pulsechat.gateway.store.UnreadCounts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public HTTP routes of PROTOCOL.md: the browser client, the rooms API and health
 * ({@link HealthRoutes}); metrics and the flags export are on the management server ({@link ManagementApi}).
 */
public final class HttpApi {
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
  /** A storage outage fails every API call: one line per 10 s. */
  private static final ThrottledLog failures = new ThrottledLog(log);
  private static final String JSON = "application/json; charset=utf-8";

  private final Vertx vertx;
  private final RoomDirectory directory;
  private final MessageStore store;
  private final HealthRoutes health;
  private final BrowserDefaults browser;
  private final NetMeters netMeters;
  private final int maxBodyBytes;
  private io.vertx.core.Handler<RoutingContext> apiGuard;
  private RoomAccessApi access;
  private UnreadRoute unread;

  public HttpApi(Vertx vertx, RoomDirectory directory, MessageStore store, HealthRoutes health,
                 BrowserDefaults browser, NetMeters netMeters, int maxBodyBytes) {
    this.browser = browser;
    this.netMeters = netMeters;
    this.maxBodyBytes = maxBodyBytes;
    this.health = health;
    this.vertx = vertx;
    this.directory = directory;
    this.store = store;
  }

  /** Every {@code /api/*} request passes {@code guard} first (token mode's check). */
  public HttpApi guardApi(io.vertx.core.Handler<RoutingContext> guard) {
    this.apiGuard = guard;
    return this;
  }

  /** Token mode's private rooms and moderation: their routes, and rooms' rules on the routes that read rooms. */
  public HttpApi withRoomAccess(io.pulsechat.gateway.access.RoomAdmin admin) {
    this.access = new RoomAccessApi(admin);
    return this;
  }

  /** Serves {@code GET /api/unread} from these read markers. */
  public HttpApi withReadMarkers(ReadMarkers reads) {
    this.unread = new UnreadRoute(new UnreadCounts(reads, store));
    return this;
  }

  /** {@code publicDir}: serve the client from this folder; null serves the copy in the jar. */
  public Router router(Path publicDir) {
    Router router = Router.router(vertx);
    BodyLimit.install(router, maxBodyBytes, netMeters);
    browser.install(router);
    health.mount(router);
    if (apiGuard != null) {
      router.route("/api/*").handler(apiGuard);
    }
    if (access != null) {
      access.mount(router);
    }
    router.get("/api/rooms").handler(this::rooms);
    router.get("/api/rooms/:room/messages").handler(this::messages);
    router.get("/api/rooms/:room/mood").handler(this::mood);
    if (unread != null) {
      router.get("/api/unread").handler(unread::handle);
    }
    // The chart library of the browser client, from the chart.js webjar on the classpath.
    router.get("/vendor/chart.js/*").handler(StaticHandler.create("META-INF/resources/webjars/chart.js/"
        + ChartJs.VERSION + "/dist"));
    StaticHandler client = publicDir == null
        ? StaticHandler.create("public")
        : StaticHandler.create(FileSystemAccess.ROOT, publicDir.toAbsolutePath().toString());
    router.get("/*").handler(new PublicFiles(vertx, publicDir, netMeters)).handler(client.setCachingEnabled(false));
    return router;
  }


  private void rooms(RoutingContext rc) {
    visibleRooms(rc).onComplete(ar -> {
      if (ar.failed()) {
        unavailable(rc, ar.cause());
        return;
      }
      JsonArray rooms = new JsonArray();
      for (ShardReply.RoomSummary r : ar.result()) {
        JsonObject room = new JsonObject().put("room", r.room()).put("count", r.count())
            .put("members", new JsonArray(r.members()));
        rooms.add(ServerFrames.putNames(room, r.names()).put("mood", ServerFrames.mood(r.mood())));
      }
      json(rc, 200, new JsonObject().put("rooms", rooms));
    });
  }

  /** The rooms with members online, less the private ones the caller is not a member of. */
  private Future<List<ShardReply.RoomSummary>> visibleRooms(RoutingContext rc) {
    if (access == null) {
      return directory.rooms();
    }
    Identity who = rc.get(ApiTokens.IDENTITY);
    return directory.rooms().compose(all -> {
      List<Future<Boolean>> shown = new ArrayList<>();
      all.forEach(r -> shown.add(access.visible(r.room(), who)));
      return Future.all(shown).map(v -> {
        List<ShardReply.RoomSummary> list = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
          if (shown.get(i).result()) {
            list.add(all.get(i));
          }
        }
        return list;
      });
    });
  }

  private void messages(RoutingContext rc) {
    String room = rc.pathParam("room");
    String before = rc.queryParams().get("before");
    String after = rc.queryParams().get("after");
    String limitParam = rc.queryParams().get("limit");
    if (!Names.isValidRoom(room)) {
      badRequest(rc, "room must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'");
      return;
    }
    if (blank(before) && blank(after)) {
      before = null;
      after = null;
    } else if (!blank(before) && !blank(after)) {
      badRequest(rc, "give either before or after, not both");
      return;
    }
    for (String id : new String[] {before, after}) {
      if (!blank(id) && !Names.isPlausibleMessageId(id)) {
        badRequest(rc, "before and after must be message ids");
        return;
      }
    }
    int limit = HistoryQuery.DEFAULT_LIMIT;
    if (!blank(limitParam)) {
      try {
        limit = Integer.parseInt(limitParam);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > HistoryQuery.MAX_LIMIT) {
        badRequest(rc, "limit must be a whole number from 1 to " + HistoryQuery.MAX_LIMIT);
        return;
      }
    }
    store.history(new HistoryQuery(room, blank(before) ? null : before, blank(after) ? null : after, limit))
        .onComplete(ar -> {
          if (ar.failed()) {
            unavailable(rc, ar.cause());
            return;
          }
          json(rc, 200, new JsonObject().put("room", room).put("messages", ServerFrames.messages(ar.result().messages()))
              .put("more", ar.result().more()));
        });
  }

  private void mood(RoutingContext rc) {
    String room = rc.pathParam("room");
    if (!Names.isValidRoom(room)) {
      badRequest(rc, "room must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'");
      return;
    }
    directory.ask(new ShardCommand.MoodQuery(room)).onSuccess(reply -> {
      if (!(reply instanceof ShardReply.MoodReport report)) {
        unavailable(rc, reply.toString());
        return;
      }
      JsonArray series = new JsonArray();
      for (MoodPoint p : report.series()) {
        series.add(new JsonObject().put("t", p.t()).put("score", Math.round(p.score() * 1000) / 1000.0)
            .put("positive", p.positive()).put("neutral", p.neutral()).put("negative", p.negative()));
      }
      json(rc, 200, new JsonObject().put("room", room).put("mood", ServerFrames.mood(report.mood()))
          .put("series", series));
    });
  }


  private static boolean blank(String s) {
    return s == null || s.isEmpty();
  }

  private static void badRequest(RoutingContext rc, String message) {
    json(rc, 400, new JsonObject().put("code", ErrorCode.BAD_REQUEST.wireName()).put("message", message));
  }

  static void unavailable(RoutingContext rc, Object cause) {
    failures.warn("{} {} failed: {}", rc.request().method(), rc.request().path(), cause);
    json(rc, 503, new JsonObject().put("code", ErrorCode.UNAVAILABLE.wireName())
        .put("message", "storage is unavailable now; try again"));
  }

  static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader("content-type", JSON).end(body.encode());
  }
}
