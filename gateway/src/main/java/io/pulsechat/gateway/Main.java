package io.pulsechat.gateway;

/** Starts the gateway from environment variables. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    throw new UnsupportedOperationException("the gateway composition root is being written");
  }
}
