package io.pulsechat.gateway.events;

import io.pulsechat.gateway.hub.room.MessageListener;
import io.pulsechat.gateway.protocol.ChatMessage;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** Turns released messages into MessageCreated events: all of them, a random sample, or none. */
public final class MessageEvents implements MessageListener {

  /** How many messages become events. */
  public enum Mode {
    ALL, SAMPLED, OFF;

    /** Parses {@code all}, {@code sampled} or {@code off}, in any case. */
    public static Mode parse(String value) {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
  }

  private final EventPublisher publisher;
  private final Mode mode;
  private final double rate;

  /** {@code rate}: the share of messages published in {@link Mode#SAMPLED}, from 0 to 1. */
  public MessageEvents(EventPublisher publisher, Mode mode, double rate) {
    this.publisher = publisher;
    this.mode = mode;
    this.rate = rate;
  }

  /** The listener the hub should get: none at all when the mode is off. */
  public static MessageListener listener(EventPublisher publisher, Mode mode, double rate) {
    return mode == Mode.OFF ? MessageListener.NONE : new MessageEvents(publisher, mode, rate);
  }

  @Override
  public void released(ChatMessage message) {
    if (mode == Mode.ALL || (mode == Mode.SAMPLED && ThreadLocalRandom.current().nextDouble() < rate)) {
      publisher.publish(ChatEvent.messageCreated(message));
    }
  }
}
