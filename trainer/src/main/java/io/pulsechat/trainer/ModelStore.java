package io.pulsechat.trainer;

import java.io.IOException;

/**
 * Where published models go: a folder or an S3 prefix. Keys are relative, '/'-separated.
 * {@link Publisher} writes the pointer {@code latest.json} last, so a reader that follows it
 * never finds a half-written model.
 */
public interface ModelStore {
  /** Stores {@code bytes} under {@code key}, replacing any previous object whole. */
  void put(String key, byte[] bytes, String contentType) throws IOException;

  /** A human-readable location of {@code key}, for logs and the announcement. */
  String locate(String key);
}
