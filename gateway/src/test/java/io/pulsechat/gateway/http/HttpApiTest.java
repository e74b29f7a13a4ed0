package io.pulsechat.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.Lifecycle;
import io.pulsechat.gateway.hub.insights.MoodPoint;
import io.pulsechat.gateway.hub.routing.ShardCommand;
import io.pulsechat.gateway.hub.routing.ShardReply;
import io.pulsechat.gateway.metrics.NetMeters;
import io.pulsechat.gateway.protocol.MemberName;
import io.pulsechat.gateway.protocol.Mood;
import io.pulsechat.gateway.store.InMemoryMessageStore;
import io.pulsechat.gateway.testing.FakeDirectory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The rooms API over a real HTTP server on port 0, with the room owners' answers set by the test. */
@ExtendWith(VertxExtension.class)
class HttpApiTest {
  static final Mood MOOD = new Mood(0.5, 2, 1, 0, "PT5M");

  final FakeDirectory directory = new FakeDirectory();
  HttpServer server;
  HttpClient client;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Lifecycle lifecycle = new Lifecycle();
    lifecycle.moveTo(Lifecycle.State.SERVING);
    HealthRoutes health = new HealthRoutes(lifecycle, new HealthRoutes.Details("test", "local", () -> "m", "memory",
        () -> false, null));
    BrowserDefaults browser = new BrowserDefaults(new OriginPolicy(List.of()), NetMeters.discarding(), List.of());
    var router = new HttpApi(vertx, directory, new InMemoryMessageStore(), health, browser, NetMeters.discarding(),
        65_536).router(null);
    server = vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  record Answer(int status, JsonObject body) {
  }

  Answer get(String path) throws Exception {
    return client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", path)
        .compose(r -> r.send().compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.toJsonObject()))))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void roomsListsWhatTheOwnersHold() throws Exception {
    directory.rooms(List.of(new ShardReply.RoomSummary("lobby", 2, List.of("ann", "bob"), MOOD,
        List.of(new MemberName("bob", "Bob B.")))));
    Answer a = get("/api/rooms");
    assertThat(a.status()).isEqualTo(200);
    JsonObject lobby = a.body().getJsonArray("rooms").getJsonObject(0);
    assertThat(lobby.getString("room")).isEqualTo("lobby");
    assertThat(lobby.getInteger("count")).isEqualTo(2);
    assertThat(lobby.getJsonArray("members").getList()).containsExactly("ann", "bob");
    assertThat(lobby.getJsonObject("names")).as("only the members shown by another name than their user")
        .isEqualTo(new JsonObject().put("bob", "Bob B."));
  }

  @Test
  void moodAsksTheRoomsOwnerAndShowsItsSeries() throws Exception {
    directory.answerEveryAsk(new ShardReply.MoodReport("lobby", MOOD, List.of(new MoodPoint(60_000, 0.1234, 1, 0, 0))));
    Answer a = get("/api/rooms/lobby/mood");
    assertThat(directory.asked()).containsExactly(new ShardCommand.MoodQuery("lobby"));
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body().getJsonArray("series").getJsonObject(0).getDouble("score")).isEqualTo(0.123);
  }

  @Test
  void anOwnerThatCannotAnswerIsUnavailable() throws Exception {
    directory.answerEveryAsk(new ShardReply.Unavailable("mood store down"));
    Answer a = get("/api/rooms/lobby/mood");
    assertThat(a.status()).isEqualTo(503);
    assertThat(a.body().getString("code")).isEqualTo("unavailable");
  }

  @Test
  void anInvalidRoomNameNeverReachesAnOwner() throws Exception {
    Answer a = get("/api/rooms/no%20spaces/mood");
    assertThat(a.status()).isEqualTo(400);
    assertThat(directory.asked()).isEmpty();
  }
}
