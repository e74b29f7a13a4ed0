package io.pulsechat.gateway.cluster;

import io.pulsechat.gateway.testing.ChatClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A member that keeps sending to a room from a thread of its own, one message at a time, as a
 * client that wants every message stored: a send that gets no answer in time, or
 * {@code unavailable}, is sent again with the same {@code clientMsgId} (PROTOCOL.md: a resend of
 * a stored one gets the same ack) until it is acked. Collects the acked ids in ack order.
 */
public final class Sender implements AutoCloseable {
  /** While a room's owner is being replaced a send may go unanswered; past this it is resent. */
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
  /** Errors after which resending is what PROTOCOL.md asks of a client. */
  private static final Set<String> RETRYABLE = Set.of("unavailable", "rate_limited");

  private final ChatClient client;
  private final String room;
  private final String user;
  private final Duration interval;
  private final List<String> acked = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;
  private final AtomicInteger resends = new AtomicInteger();

  /** {@code client} has joined {@code room} as {@code user}. Sending starts at once. */
  public Sender(ChatClient client, String room, String user, Duration interval) {
    this.client = client;
    this.room = room;
    this.user = user;
    this.interval = interval;
    this.thread = new Thread(this::run, "sender-" + user);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      for (int seq = 0; running; seq++) {
        String clientMsgId = user + "-" + seq;
        String id = deliver("message " + seq + " from " + user, clientMsgId);
        synchronized (acked) {
          acked.add(id);
        }
        Thread.sleep(interval.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      failure = e;
    }
  }

  /** Sends until acked; returns the message id. Also for a last message once the thread has stopped. */
  public String deliver(String text, String clientMsgId) throws InterruptedException {
    while (true) {
      client.send(ChatClient.sendFrame(room, text, clientMsgId));
      JsonObject answer;
      try {
        answer = client.answerTo(clientMsgId, ANSWER_TIMEOUT);
      } catch (AssertionError noAnswer) {
        resends.incrementAndGet();
        continue;
      }
      if ("ack".equals(answer.getString("type"))) {
        return answer.getString("id");
      }
      if (!RETRYABLE.contains(answer.getString("code"))) {
        throw new AssertionError(user + " got " + answer.encode() + " for " + clientMsgId);
      }
      resends.incrementAndGet();
      Thread.sleep(200);
    }
  }

  public int ackedCount() {
    synchronized (acked) {
      return acked.size();
    }
  }

  /** The acked ids so far, in the order the acks came. */
  public List<String> acked() {
    synchronized (acked) {
      return List.copyOf(acked);
    }
  }

  public String user() {
    return user;
  }

  public ChatClient client() {
    return client;
  }

  /** Sends that were answered late, not at all, or with a retryable error, and so were sent again. */
  public int resends() {
    return resends.get();
  }

  /** Stops after the message in flight is acked; fails if sending failed. */
  public void stop() {
    running = false;
    try {
      thread.join(Duration.ofSeconds(60).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      throw new AssertionError(user + " still waits for an ack 60 s after being told to stop");
    }
    if (failure != null) {
      throw new AssertionError(user + " stopped sending: " + failure, failure);
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
