package io.pulsechat.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * One WebSocket connection, driven from the JUnit thread. Frames arrive on a Vert.x event loop
 * and wait in an inbox; {@code await} takes the first waiting frame that matches, whatever
 * arrived before it, so a test names exactly the frames it cares about. Every frame received
 * is also kept in {@link #received()}, in arrival order.
 */
public final class ChatClient implements AutoCloseable {
  private static final Duration TIMEOUT = TestGateway.TIMEOUT;

  /** Held so that the client outlives every socket it opened (Vert.x 5 closes unreachable clients). */
  private final WebSocketClient owner;
  private final WebSocket socket;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final List<JsonObject> inbox = new ArrayList<>();
  private final List<JsonObject> received = new ArrayList<>();
  private final java.util.Map<JsonObject, Long> arrivals = new java.util.IdentityHashMap<>();
  private final CompletableFuture<Short> closeStatus = new CompletableFuture<>();

  private ChatClient(WebSocketClient owner, WebSocket socket) {
    this.owner = owner;
    this.socket = socket;
    socket.textMessageHandler(this::onText);
    socket.binaryMessageHandler(b -> onText("<binary frame of " + b.length() + " bytes>"));
    socket.closeHandler(v -> closeStatus.complete(socket.closeStatusCode()));
    socket.exceptionHandler(e -> { /* the close handler reports what matters */ });
  }

  /**
   * A WebSocket client for test connections: joined frames carry up to 50 messages of up to
   * 2000 code points, far over the 64 KiB default frame size. Keep it in a field (Vert.x 5
   * closes clients that become unreachable).
   */
  public static WebSocketClient newWebSocketClient(Vertx vertx) {
    return vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(16 << 20).setMaxMessageSize(16 << 20).setMaxConnections(10_000));
  }

  /** Opens a WebSocket to {@code /ws} on a loopback port; nothing is sent yet. */
  public static Future<ChatClient> connect(WebSocketClient client, int port) {
    return connect(client, port, "/ws", null);
  }

  /** Opens a WebSocket to {@code uri} (a query included), with {@code authorization} as that header unless null. */
  public static Future<ChatClient> connect(WebSocketClient client, int port, String uri, String authorization) {
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(port).setURI(uri);
    if (authorization != null) {
      options.addHeader("Authorization", authorization);
    }
    return client.connect(options).map(ws -> new ChatClient(client, ws));
  }

  private void onText(String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException e) {
      frame = new JsonObject().put("type", "<not a JSON object>").put("raw", text);
    }
    lock.lock();
    try {
      inbox.add(frame);
      received.add(frame);
      arrivals.put(frame, System.nanoTime());
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---- sending

  public ChatClient send(JsonObject frame) {
    return sendText(frame.encode());
  }

  public ChatClient sendText(String text) {
    TestGateway.await(socket.writeTextMessage(text), TIMEOUT);
    return this;
  }

  public ChatClient sendBinary(Buffer bytes) {
    TestGateway.await(socket.writeBinaryMessage(bytes), TIMEOUT);
    return this;
  }

  /** Writes every frame without waiting in between, so they reach the server back to back. */
  public ChatClient sendAll(List<JsonObject> frames) {
    TestGateway.await(Future.all(writeAll(frames)), TIMEOUT);
    return this;
  }

  /**
   * Writes every frame, as {@link #sendAll}, for a client the server is expected to close part
   * way: writes after the close fail, which is the point, not an error of the test.
   */
  public ChatClient sendAllUntilClosed(List<JsonObject> frames) {
    TestGateway.await(Future.join(writeAll(frames)).otherwiseEmpty(), TIMEOUT);
    return this;
  }

  /** Writes one frame as it is: a fragment, or a text frame whose bytes are not UTF-8. */
  public ChatClient sendFrame(io.vertx.core.http.WebSocketFrame frame) {
    TestGateway.await(socket.writeFrame(frame), TIMEOUT);
    return this;
  }

  private List<Future<Void>> writeAll(List<JsonObject> frames) {
    List<Future<Void>> writes = new ArrayList<>();
    for (JsonObject frame : frames) {
      writes.add(socket.writeTextMessage(frame.encode()));
    }
    return writes;
  }

  // ---- protocol shortcuts

  public static JsonObject joinFrame(String room, String user) {
    return new JsonObject().put("type", "join").put("room", room).put("user", user);
  }

  public static JsonObject sendFrame(String room, String text, String clientMsgId) {
    return new JsonObject().put("type", "send").put("room", room).put("text", text).put("clientMsgId", clientMsgId);
  }

  public static JsonObject historyFrame(String room) {
    return new JsonObject().put("type", "history").put("room", room);
  }

  /** Joins and returns the {@code joined} frame. */
  public JsonObject join(String room, String user) {
    send(joinFrame(room, user));
    return await(f -> "joined".equals(f.getString("type")) && room.equals(f.getString("room")), "joined " + room);
  }

  /** Sends a message and returns its {@code ack} (fails if an error answers it instead). */
  public JsonObject say(String room, String text, String clientMsgId) {
    send(sendFrame(room, text, clientMsgId));
    JsonObject answer = answerTo(clientMsgId);
    if (!"ack".equals(answer.getString("type"))) {
      throw new AssertionError("expected an ack for " + clientMsgId + " but got " + answer.encode());
    }
    return answer;
  }

  /** The {@code ack} or {@code error} that answers the send with this clientMsgId. */
  public JsonObject answerTo(String clientMsgId) {
    return answerTo(clientMsgId, TIMEOUT);
  }

  public JsonObject answerTo(String clientMsgId, Duration timeout) {
    return await(f -> ("ack".equals(f.getString("type")) && clientMsgId.equals(f.getString("clientMsgId")))
        || ("error".equals(f.getString("type")) && clientMsgId.equals(f.getValue("ref"))), "answer to " + clientMsgId,
        timeout);
  }

  /** The {@code message} frame with this clientMsgId from this user. */
  public JsonObject awaitMessage(String user, String clientMsgId) {
    return await(f -> "message".equals(f.getString("type")) && user.equals(f.getString("user"))
        && clientMsgId.equals(f.getString("clientMsgId")), "message " + clientMsgId + " from " + user);
  }

  public JsonObject history(JsonObject historyRequest) {
    send(historyRequest);
    String room = historyRequest.getString("room");
    return await(f -> ("history".equals(f.getString("type")) && room.equals(f.getString("room")))
        || "error".equals(f.getString("type")), "history of " + room);
  }

  public void ping() {
    send(new JsonObject().put("type", "ping"));
    await("pong");
  }

  public JsonObject awaitPresence(String user, String status) {
    return await(f -> "presence".equals(f.getString("type")) && user.equals(f.getString("user"))
        && status.equals(f.getString("status")), "presence " + status + " of " + user);
  }

  // ---- receiving

  public JsonObject await(String type) {
    return await(f -> type.equals(f.getString("type")), "a " + type + " frame");
  }

  public JsonObject awaitError(String ref) {
    return await(f -> "error".equals(f.getString("type")) && java.util.Objects.equals(ref, f.getValue("ref")),
        "an error with ref " + ref);
  }

  /** Takes the first waiting frame matching {@code wanted}, waiting up to the suite timeout. */
  public JsonObject await(Predicate<JsonObject> wanted, String description) {
    return await(wanted, description, TIMEOUT);
  }

  public JsonObject await(Predicate<JsonObject> wanted, String description, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        JsonObject hit = take(wanted);
        if (hit != null) {
          return hit;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("waited " + timeout.toMillis() + " ms for " + description
              + "; frames waiting: " + summary(inbox));
        }
        arrived.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      lock.unlock();
    }
  }

  /** Takes {@code n} matching frames, in arrival order. */
  public List<JsonObject> awaitN(Predicate<JsonObject> wanted, int n, String description) {
    List<JsonObject> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(await(wanted, description + " (" + (i + 1) + " of " + n + ")"));
    }
    return out;
  }

  /** Fails if a matching frame is waiting now or arrives within {@code millis}. */
  public void expectNothing(Predicate<JsonObject> unwanted, String description, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    lock.lock();
    try {
      while (true) {
        for (JsonObject f : inbox) {
          if (unwanted.test(f)) {
            throw new AssertionError("expected no " + description + " but got " + f.encode());
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        arrived.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      lock.unlock();
    }
  }

  public void expectNothing(String type, long millis) {
    expectNothing(f -> type.equals(f.getString("type")), "'" + type + "' frame", millis);
  }

  /** When this frame arrived on the client's event loop, in {@link System#nanoTime()} terms. */
  public long arrivalNanos(JsonObject frame) {
    lock.lock();
    try {
      Long at = arrivals.get(frame);
      if (at == null) {
        throw new IllegalArgumentException("not a frame of this client: " + frame.encode());
      }
      return at;
    } finally {
      lock.unlock();
    }
  }

  /** Whether a matching frame is waiting now (it stays in the inbox). */
  public boolean has(Predicate<JsonObject> wanted) {
    lock.lock();
    try {
      return inbox.stream().anyMatch(wanted);
    } finally {
      lock.unlock();
    }
  }

  /** Matching frames waiting now, removed from the inbox. */
  public List<JsonObject> drain(Predicate<JsonObject> wanted) {
    lock.lock();
    try {
      List<JsonObject> out = new ArrayList<>();
      for (Iterator<JsonObject> it = inbox.iterator(); it.hasNext(); ) {
        JsonObject f = it.next();
        if (wanted.test(f)) {
          out.add(f);
          it.remove();
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Every frame received so far, in arrival order, consumed or not. */
  public List<JsonObject> received() {
    lock.lock();
    try {
      return List.copyOf(received);
    } finally {
      lock.unlock();
    }
  }

  private JsonObject take(Predicate<JsonObject> wanted) {
    for (Iterator<JsonObject> it = inbox.iterator(); it.hasNext(); ) {
      JsonObject f = it.next();
      if (wanted.test(f)) {
        it.remove();
        return f;
      }
    }
    return null;
  }

  private static String summary(List<JsonObject> frames) {
    StringBuilder sb = new StringBuilder("[");
    int shown = 0;
    for (JsonObject f : frames) {
      if (shown++ == 10) {
        sb.append(" ... ").append(frames.size() - 10).append(" more");
        break;
      }
      String text = f.encode();
      sb.append(text.length() > 300 ? text.substring(0, 300) + "..." : text).append(' ');
    }
    return sb.append(']').toString();
  }

  // ---- the socket

  /** Stops reading from the socket: the server's writes pile up in TCP and then in its buffer. */
  public void pause() {
    socket.pause();
  }

  public void resume() {
    socket.resume();
  }

  public boolean isClosed() {
    return closeStatus.isDone();
  }

  /** The close status the server sent, waiting for the close if needed. */
  /** The reason of the server's close frame, once closed (null before). */
  public String closeReason() {
    return socket.closeReason();
  }

  public short awaitClose() {
    return awaitClose(TIMEOUT);
  }

  public short awaitClose(Duration timeout) {
    try {
      Short status = closeStatus.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return status == null ? -1 : status;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the connection was not closed within " + timeout.toMillis() + " ms");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (!closeStatus.isDone()) {
      socket.close();
    }
  }

  /** Paths of every {@code null} value in the frame, e.g. {@code history.messages[0].sentiment}. */
  public static List<String> nullFields(JsonObject frame) {
    List<String> out = new ArrayList<>();
    collectNulls(frame, "", out);
    return out;
  }

  private static void collectNulls(Object value, String path, List<String> out) {
    if (value == null) {
      out.add(path);
    } else if (value instanceof JsonObject o) {
      for (String key : o.fieldNames()) {
        collectNulls(o.getValue(key), path.isEmpty() ? key : path + "." + key, out);
      }
    } else if (value instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        collectNulls(a.getValue(i), path + "[" + i + "]", out);
      }
    }
  }

  WebSocketClient owner() {
    return owner;
  }
}
