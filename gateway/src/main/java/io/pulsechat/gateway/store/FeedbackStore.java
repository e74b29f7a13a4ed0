package io.pulsechat.gateway.store;

import io.vertx.core.Future;
import java.util.List;

/**
 * Readers' corrections of sentiment labels, kept for retraining. Futures complete on the
 * caller's Vert.x context.
 */
public interface FeedbackStore {

  /**
   * A reader says message {@code id} of {@code room} should have been {@code label}.
   *
   * @param modelLabel what the model said
   * @param model      the model version that said it
   * @param ts         when the flag was given, epoch milliseconds
   */
  record Flag(String room, String id, String user, String text, String modelLabel, String model, String label,
              long ts) {
  }

  /** Stores a flag; a user flagging the same message again replaces their earlier flag. */
  Future<Void> put(Flag flag);

  /** Every flag, for export; ordered by room, then message id, then user. */
  Future<List<Flag>> all();
}
