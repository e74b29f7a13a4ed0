package io.pulsechat.trainer;

import java.io.IOException;

/** Tells the rest of the system that a model was published: EventBridge, or a log line. */
public interface Announcer {
  /** The EventBridge detail-type of the announcement. */
  String DETAIL_TYPE = "ModelTrainingCompleted";

  /** @param detailJson the event detail: model version, pointer location, metrics */
  void announce(String detailJson) throws IOException;

  /** Without an event bus configured: one log line on standard error. */
  static Announcer log() {
    return detail -> System.err.println("event " + DETAIL_TYPE + " " + detail);
  }
}
