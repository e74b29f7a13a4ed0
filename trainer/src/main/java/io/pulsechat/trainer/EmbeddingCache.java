package io.pulsechat.trainer;

import io.pulsechat.sentiment.SentenceEncoder;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Encoder vectors of a list of texts, kept in a file so that experiments do not encode 47,000
 * tweets again (that takes minutes). The file's name holds the encoder's name, the first hex
 * digits of its checksum and of the texts' SHA-256, so other texts or other weights never hit it.
 * Format: int count, int dimension, count x dimension big-endian floats.
 */
final class EmbeddingCache {
  private static final int BATCH = 64;

  private final Path dir;

  EmbeddingCache(Path dir) {
    this.dir = dir;
  }

  float[][] vectors(SentenceEncoder encoder, List<String> texts, IntConsumer progress) throws IOException {
    String checksumPrefix = encoder.checksum().substring(0, 12);
    Path file = dir.resolve(encoder.name() + "-" + checksumPrefix + "-" + textsHash(texts) + ".f32");
    if (Files.isRegularFile(file)) {
      float[][] cached = read(file);
      if (cached.length == texts.size()) {
        progress.accept(texts.size());
        return cached;
      }
    }
    float[][] out = new float[texts.size()][];
    for (int s = 0; s < texts.size(); s += BATCH) {
      List<String> batch = texts.subList(s, Math.min(texts.size(), s + BATCH));
      float[][] v = encoder.encode(batch);
      System.arraycopy(v, 0, out, s, v.length);
      progress.accept(batch.size());
    }
    write(file, out);
    return out;
  }

  static float[][] read(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
      int n = in.readInt();
      int dim = in.readInt();
      byte[] bytes = new byte[dim * 4];
      float[][] out = new float[n][dim];
      for (int i = 0; i < n; i++) {
        in.readFully(bytes);
        ByteBuffer.wrap(bytes).asFloatBuffer().get(out[i]);
      }
      return out;
    }
  }

  private static void write(Path file, float[][] vectors) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      out.writeInt(vectors.length);
      out.writeInt(vectors.length == 0 ? 0 : vectors[0].length);
      for (float[] v : vectors) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4);
        b.asFloatBuffer().put(v);
        out.write(b.array());
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static String textsHash(List<String> texts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String t : texts) {
        digest.update(t.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
