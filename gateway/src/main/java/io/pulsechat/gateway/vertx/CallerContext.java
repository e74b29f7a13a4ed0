package io.pulsechat.gateway.vertx;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.CompletionStage;

/**
 * Continuing on the caller's context: work completed on another thread (an SDK's, another
 * event loop's) hands its result back to the event loop that asked, so callers never need a
 * lock. Outside Vert.x (a test's thread) there is no context to go back to, and results stay
 * where they complete.
 */
public final class CallerContext {
  private CallerContext() {
  }

  /** A promise whose future's callbacks run on the calling context. */
  public static <T> Promise<T> promise() {
    Context caller = Vertx.currentContext();
    return caller == null ? Promise.promise() : ((ContextInternal) caller).promise();
  }

  /** {@code future}, with its callbacks on the calling context. */
  public static <T> Future<T> onCaller(Future<T> future) {
    if (Vertx.currentContext() == null) {
      return future;
    }
    Promise<T> here = promise();
    future.onComplete(here);
    return here.future();
  }

  /** An SDK call's result, on the calling context. */
  public static <T> Future<T> of(CompletionStage<T> stage) {
    Context caller = Vertx.currentContext();
    return caller == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, caller);
  }

  /** Runs {@code action} on {@code caller} (a context captured earlier): now when already there or outside Vert.x. */
  public static void run(Context caller, Runnable action) {
    if (caller == null || caller == Vertx.currentContext()) {
      action.run();
    } else {
      caller.runOnContext(v -> action.run());
    }
  }
}
