package io.pulsechat.gateway.testing;

import io.pulsechat.gateway.hub.routing.RoomDirectory;
import io.pulsechat.gateway.hub.routing.ShardCommand;
import io.pulsechat.gateway.hub.routing.ShardReply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RoomDirectory} that records what it is asked and told, and answers as the test says:
 * at once with {@link #answerEveryAsk}, or one ask at a time with {@link #answer}. Thread-safe,
 * so a test thread may read it while an event loop asks.
 */
public final class FakeDirectory implements RoomDirectory {
  private final List<ShardCommand> asked = new ArrayList<>();
  private final List<ShardCommand> told = new ArrayList<>();
  private final List<Promise<ShardReply>> waiting = new ArrayList<>();
  private ShardReply everyAsk;
  private List<ShardReply.RoomSummary> rooms = List.of();

  /** From now on every ask is answered with {@code reply} at once. */
  public synchronized FakeDirectory answerEveryAsk(ShardReply reply) {
    everyAsk = reply;
    return this;
  }

  public synchronized FakeDirectory rooms(List<ShardReply.RoomSummary> summaries) {
    rooms = summaries;
    return this;
  }

  /** Answers the oldest ask still waiting. */
  public void answer(ShardReply reply) {
    Promise<ShardReply> oldest;
    synchronized (this) {
      oldest = waiting.remove(0);
    }
    oldest.complete(reply);
  }

  public synchronized List<ShardCommand> asked() {
    return List.copyOf(asked);
  }

  public synchronized List<ShardCommand> told() {
    return List.copyOf(told);
  }

  @Override
  public synchronized Future<ShardReply> ask(ShardCommand.ToRoom command) {
    asked.add(command);
    if (everyAsk != null) {
      return Future.succeededFuture(everyAsk);
    }
    Promise<ShardReply> answer = Promise.promise();
    waiting.add(answer);
    return answer.future();
  }

  @Override
  public synchronized void tell(ShardCommand.ToRoom command) {
    told.add(command);
  }

  @Override
  public synchronized Future<List<ShardReply.RoomSummary>> rooms() {
    return Future.succeededFuture(rooms);
  }

  @Override
  public Future<Void> drain() {
    return Future.succeededFuture();
  }
}
