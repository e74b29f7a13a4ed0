package io.pulsechat.sentiment;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The binary model file. Big-endian; strings are {@link DataOutputStream#writeUTF} strings.
 *
 * <pre>
 * magic            4 bytes  "PCSM"
 * format version   int      {@value #VERSION}; readers refuse any other
 * model version    UTF      e.g. "tweeteval-lr-20261122-s42"
 * feature settings int hashBits, boolean wordBigrams, int charNgramMin, int charNgramMax,
 *                  int negationWindow
 * metrics          UTF dataset, int examples, long seed, UTF evaluatedOn,
 *                  double macroRecall, double accuracy, double macroF1
 * classes          int      3 (NEGATIVE, NEUTRAL, POSITIVE)
 * lexicon          int sources, sources x UTF name, int terms, terms x UTF term,
 *                  terms x sources floats (NaN: no score)
 * weights          int rows, rows x classes floats (row-major), classes floats of bias
 * checksum         int      CRC-32C of every byte before it
 * </pre>
 *
 * <p>The checksum covers the whole file, so a flipped bit anywhere is refused rather than
 * silently producing different scores. The magic and version are checked before the checksum so
 * that a file from a newer trainer is reported as such, not as corrupt.
 */
public final class ModelFormat {
  public static final int VERSION = 1;
  private static final byte[] MAGIC = "PCSM".getBytes(StandardCharsets.US_ASCII);
  /** Guards allocations against absurd counts in a damaged file that still passes the CRC. */
  private static final int MAX_ROWS = (1 << 26) + 4096;

  private ModelFormat() {
  }

  public static void write(SentimentModel model, OutputStream out) throws IOException {
    writeEnvelope(out, MAGIC, VERSION, model.weights().length * 4 + (1 << 20), data -> writeBody(model, data));
  }

  private static void writeBody(SentimentModel model, DataOutputStream data) throws IOException {
    data.writeUTF(model.version());
    FeatureSettings s = model.settings();
    data.writeInt(s.hashBits());
    data.writeBoolean(s.wordBigrams());
    data.writeInt(s.charNgramMin());
    data.writeInt(s.charNgramMax());
    data.writeInt(s.negationWindow());
    writeMetrics(data, model.metrics());
    data.writeInt(SentimentModel.CLASSES);
    Lexicon lexicon = model.lexicon();
    List<String> sources = lexicon.sources();
    data.writeInt(sources.size());
    for (String source : sources) {
      data.writeUTF(source);
    }
    data.writeInt(lexicon.size());
    for (int r = 0; r < lexicon.size(); r++) {
      data.writeUTF(lexicon.term(r));
    }
    for (int r = 0; r < lexicon.size(); r++) {
      for (int src = 0; src < sources.size(); src++) {
        data.writeFloat(lexicon.score(r, src));
      }
    }
    float[] weights = model.weights();
    data.writeInt(weights.length / SentimentModel.CLASSES);
    writeFloats(data, weights);
    writeFloats(data, model.bias());
  }

  public static SentimentModel read(InputStream in) throws IOException {
    byte[] file = in.readAllBytes();
    checkEnvelope(file, MAGIC, VERSION, "sentiment model", "model");
    try {
      return parse(file);
    } catch (EOFException e) {
      throw new ModelFormatException("corrupt model file: it ends inside a section", e);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException("corrupt model file: " + e.getMessage(), e);
    }
  }

  private static SentimentModel parse(byte[] file) throws IOException {
    DataInputStream data = envelopeBody(file, MAGIC);
    String modelVersion = data.readUTF();
    FeatureSettings settings = new FeatureSettings(data.readInt(), data.readBoolean(), data.readInt(),
        data.readInt(), data.readInt());
    TrainingMetrics metrics = readMetrics(data);
    int classes = data.readInt();
    if (classes != SentimentModel.CLASSES) {
      throw new ModelFormatException("model has " + classes + " classes, expected " + SentimentModel.CLASSES);
    }
    int sourceCount = count(data.readInt(), 64, "lexicon sources");
    List<String> sources = new ArrayList<>(sourceCount);
    for (int i = 0; i < sourceCount; i++) {
      sources.add(data.readUTF());
    }
    int terms = count(data.readInt(), 1 << 22, "lexicon terms");
    String[] termArray = new String[terms];
    for (int i = 0; i < terms; i++) {
      termArray[i] = data.readUTF();
    }
    float[] scores = readFloats(data, terms * sourceCount);
    int rows = count(data.readInt(), MAX_ROWS, "weight rows");
    float[] weights = readFloats(data, rows * classes);
    float[] bias = readFloats(data, classes);
    if (data.available() != 0) {
      throw new ModelFormatException("corrupt model file: " + data.available() + " unexpected bytes after the weights");
    }
    return new SentimentModel(modelVersion, settings, Lexicon.of(sources, termArray, scores), metrics, weights, bias);
  }

  /** What a model file holds between its header and its checksum. */
  interface Body {
    void write(DataOutputStream data) throws IOException;
  }

  /**
   * Writes a model file of either kind: the magic, the format version, the body, and a CRC-32C of
   * everything before it, which {@link #checkEnvelope} checks.
   */
  static void writeEnvelope(OutputStream out, byte[] magic, int version, int sizeHint, Body body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint);
    DataOutputStream data = new DataOutputStream(bytes);
    data.write(magic);
    data.writeInt(version);
    body.write(data);
    data.flush();
    CRC32C crc = new CRC32C();
    crc.update(bytes.toByteArray());
    data.writeInt((int) crc.getValue());
    data.flush();
    bytes.writeTo(out);
  }

  /** The body of a file that {@link #checkEnvelope} accepted: between the version and the checksum. */
  static DataInputStream envelopeBody(byte[] file, byte[] magic) {
    return new DataInputStream(new ByteArrayInputStream(file, magic.length + 4, file.length - magic.length - 8));
  }

  /**
   * Checks the magic, then the format version (so that a newer file is reported as such, not as
   * corrupt), then the trailing CRC-32C of a model file of either kind.
   */
  static void checkEnvelope(byte[] file, byte[] magic, int expectedVersion, String kind, String format)
      throws ModelFormatException {
    String expected = new String(magic, StandardCharsets.US_ASCII);
    if (file.length < magic.length + 8) {
      throw new ModelFormatException("not a PulseChat " + kind + ": only " + file.length + " bytes");
    }
    for (int i = 0; i < magic.length; i++) {
      if (file[i] != magic[i]) {
        throw new ModelFormatException("not a PulseChat " + kind + ": the file does not start with \"" + expected + "\"");
      }
    }
    int version = ByteBuffer.wrap(file, magic.length, 4).getInt();
    if (version != expectedVersion) {
      throw new ModelFormatException("unsupported " + format + " format version " + version
          + ": this library reads version " + expectedVersion + "; use a matching pulsechat-sentiment");
    }
    CRC32C crc = new CRC32C();
    crc.update(file, 0, file.length - 4);
    int stored = ByteBuffer.wrap(file, file.length - 4, 4).getInt();
    if (stored != (int) crc.getValue()) {
      throw new ModelFormatException(String.format(
          "corrupt model file: checksum mismatch (stored %08x, computed %08x); it was truncated or damaged",
          stored, (int) crc.getValue()));
    }
  }

  static void writeMetrics(DataOutputStream data, TrainingMetrics m) throws IOException {
    data.writeUTF(m.dataset());
    data.writeInt(m.examples());
    data.writeLong(m.seed());
    data.writeUTF(m.evaluatedOn());
    data.writeDouble(m.macroRecall());
    data.writeDouble(m.accuracy());
    data.writeDouble(m.macroF1());
  }

  static TrainingMetrics readMetrics(DataInputStream data) throws IOException {
    return new TrainingMetrics(data.readUTF(), data.readInt(), data.readLong(),
        data.readUTF(), data.readDouble(), data.readDouble(), data.readDouble());
  }

  private static int count(int n, int max, String what) throws ModelFormatException {
    if (n < 0 || n > max) {
      throw new ModelFormatException("corrupt model file: " + n + " " + what);
    }
    return n;
  }

  static void writeFloats(DataOutputStream data, float[] values) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.BIG_ENDIAN);
    buffer.asFloatBuffer().put(values);
    data.write(buffer.array());
  }

  static float[] readFloats(DataInputStream data, int n) throws IOException {
    byte[] raw = new byte[n * 4];
    data.readFully(raw);
    float[] out = new float[n];
    ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(out);
    return out;
  }
}
