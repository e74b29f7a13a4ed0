package io.pulsechat.gateway.store;

import static io.pulsechat.gateway.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.protocol.HistoryQuery;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class InMemoryMessageStoreTest extends MessageStoreContract {
  private final InMemoryMessageStore store = new InMemoryMessageStore();

  @Override
  protected MessageStore store() {
    return store;
  }

  @Test
  void anUnavailableStoreRefusesAndStoresNothing(Vertx vertx, VertxTestContext test) {
    store.setAvailable(false);
    store.append(message(room, 1)).onComplete(test.failing(e -> test.verify(() -> {
      assertThat(e).isInstanceOf(StoreUnavailableException.class);
      assertThat(store.size(room)).isZero();
      assertThat(store.appendCalls()).isEqualTo(1);
      store.setAvailable(true);
      store.append(message(room, 2)).onComplete(test.succeeding(v -> test.verify(() -> {
        assertThat(store.size(room)).isEqualTo(1);
        test.completeNow();
      })));
    })));
  }

  @Test
  void heldAppendsAreInvisibleUntilReleasedThenCompleteInOrderOnTheCallersContext(Vertx vertx, VertxTestContext test) {
    store.holdAppends();
    Context caller = vertx.getOrCreateContext();
    List<Integer> completed = Collections.synchronizedList(new ArrayList<>());
    caller.runOnContext(v -> {
      List<Future<Void>> appends = new ArrayList<>();
      for (int n = 0; n < 3; n++) {
        int number = n;
        appends.add(store.append(message(room, n)).onComplete(ar -> test.verify(() -> {
          assertThat(Vertx.currentContext()).isSameAs(caller);
          completed.add(number);
        })));
      }
      test.verify(() -> {
        assertThat(appends).noneMatch(Future::isComplete);
        assertThat(store.heldAppends()).isEqualTo(3);
      });
      store.history(HistoryQuery.latest(room, 50))
          .onComplete(test.succeeding(page -> test.verify(() -> assertThat(page.messages()).isEmpty())))
          .onSuccess(page -> vertx.executeBlocking(() -> {
            // Released from another thread, as a test driving the hub would.
            store.releaseAppends();
            return null;
          }));
      Future.all(appends).compose(all -> store.history(HistoryQuery.latest(room, 50)))
          .onComplete(test.succeeding(page -> test.verify(() -> {
            assertThat(completed).containsExactly(0, 1, 2);
            assertThat(page.messages()).hasSize(3);
            test.completeNow();
          })));
    });
  }

  @Test
  void flushWaitsForHeldAppendsThenRefusesNewOnes(Vertx vertx, VertxTestContext test) {
    store.holdAppends();
    Future<Void> held = store.append(message(room, 1));
    Future<Void> flushed = store.flush();
    assertThat(flushed.isComplete()).isFalse();
    store.releaseAppends();
    flushed
        .compose(v -> {
          test.verify(() -> assertThat(held.succeeded()).isTrue());
          return store.append(message(room, 2));
        })
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(e).isInstanceOf(StoreUnavailableException.class);
          test.completeNow();
        })));
  }
}
