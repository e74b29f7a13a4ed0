package io.pulsechat.gateway.sentiment;

import io.pulsechat.sentiment.ModelFormat;
import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.SentimentModels;
import io.pulsechat.sentiment.TrainingMetrics;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Model files and {@code latest.json} pointers laid out as {@code trainer publish} writes them
 * ({@code <version>/model.bin}, then the pointer last), without depending on the trainer module.
 */
public final class PublishedModels {
  private static final SentimentModel DEFAULT = SentimentModels.loadDefault();

  private PublishedModels() {
  }

  /** The default model's weights under another version. */
  public static byte[] modelBytes(String version) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ModelFormat.write(DEFAULT.withHeader(version, TrainingMetrics.none()), out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid file with one bit flipped in the middle: the CRC refuses it. */
  public static byte[] corrupt(byte[] model) {
    byte[] copy = model.clone();
    copy[copy.length / 2] ^= 0x10;
    return copy;
  }

  /** A file claiming a format version this library does not read. */
  public static byte[] futureFormat(byte[] model) {
    byte[] copy = model.clone();
    ByteBuffer.wrap(copy).putInt(4, ModelFormat.VERSION + 1);
    return copy;
  }

  public static String key(String version) {
    return version + "/model.bin";
  }

  public static byte[] pointer(String version, byte[] model) {
    return new JsonObject().put("modelVersion", version).put("model", key(version)).put("sha256", sha256(model))
        .put("bytes", model.length).encodePrettily().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Publishes into a folder: model first, pointer last, as the trainer does. */
  public static void publish(Path folder, String version, byte[] model) throws IOException {
    Path file = folder.resolve(key(version));
    Files.createDirectories(file.getParent());
    Files.write(file, model);
    Path tmp = folder.resolve(ModelWatcher.POINTER + ".tmp");
    Files.write(tmp, pointer(version, model));
    Files.move(tmp, folder.resolve(ModelWatcher.POINTER), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
