package io.pulsechat.sentiment;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The accurate model's file. Big-endian; strings are {@link DataOutputStream#writeUTF} strings.
 *
 * <pre>
 * magic            4 bytes  "PCSA"
 * format version   int      {@value #VERSION}; readers refuse any other
 * model version    UTF
 * metrics          as in {@link ModelFormat}
 * encoder          UTF name, UTF sha256 of its weights (the encoder is not copied in)
 * head             int inputs, int hidden, w1, b1, w2, b2 as floats
 * fast model       int length, then a whole {@link ModelFormat} file
 * checksum         int      CRC-32C of every byte before it
 * </pre>
 */
public final class AccurateModelFormat {
  public static final int VERSION = 1;
  static final byte[] MAGIC = "PCSA".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_HEAD_WEIGHTS = 1 << 24;

  private AccurateModelFormat() {
  }

  /** Whether {@code prefix} (at least 4 bytes of a file) starts an accurate model. */
  public static boolean isAccurate(byte[] prefix) {
    if (prefix.length < MAGIC.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (prefix[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  public static void write(AccurateModel model, OutputStream out) throws IOException {
    ModelFormat.writeEnvelope(out, MAGIC, VERSION, 1 << 16, data -> writeBody(model, data));
  }

  private static void writeBody(AccurateModel model, DataOutputStream data) throws IOException {
    data.writeUTF(model.version());
    ModelFormat.writeMetrics(data, model.metrics());
    data.writeUTF(model.encoderName());
    data.writeUTF(model.encoderChecksum());
    StackHead h = model.head();
    data.writeInt(h.inputs());
    data.writeInt(h.hidden());
    ModelFormat.writeFloats(data, h.w1());
    ModelFormat.writeFloats(data, h.b1());
    ModelFormat.writeFloats(data, h.w2());
    ModelFormat.writeFloats(data, h.b2());
    ByteArrayOutputStream fast = new ByteArrayOutputStream();
    ModelFormat.write(model.fast(), fast);
    data.writeInt(fast.size());
    fast.writeTo(data);
  }

  public static AccurateModel read(InputStream in) throws IOException {
    byte[] file = in.readAllBytes();
    ModelFormat.checkEnvelope(file, MAGIC, VERSION, "accurate sentiment model", "accurate model");
    DataInputStream data = ModelFormat.envelopeBody(file, MAGIC);
    try {
      String modelVersion = data.readUTF();
      TrainingMetrics metrics = ModelFormat.readMetrics(data);
      String encoderName = data.readUTF();
      String encoderChecksum = data.readUTF();
      int inputs = data.readInt();
      int hidden = data.readInt();
      if (inputs < 1 || hidden < 0 || (long) inputs * Math.max(1, hidden) > MAX_HEAD_WEIGHTS || hidden > 1 << 16) {
        throw new ModelFormatException("corrupt model file: head of " + inputs + " inputs and " + hidden + " hidden units");
      }
      float[] w1 = ModelFormat.readFloats(data, inputs * hidden);
      float[] b1 = ModelFormat.readFloats(data, hidden);
      float[] w2 = ModelFormat.readFloats(data, (hidden == 0 ? inputs : hidden) * SentimentModel.CLASSES);
      float[] b2 = ModelFormat.readFloats(data, SentimentModel.CLASSES);
      int fastLength = data.readInt();
      if (fastLength < 0 || fastLength > data.available()) {
        throw new ModelFormatException("corrupt model file: fast model of " + fastLength + " bytes");
      }
      byte[] fastBytes = new byte[fastLength];
      data.readFully(fastBytes);
      if (data.available() != 0) {
        throw new ModelFormatException("corrupt model file: " + data.available() + " unexpected bytes at the end");
      }
      SentimentModel fast = ModelFormat.read(new ByteArrayInputStream(fastBytes));
      return new AccurateModel(modelVersion, metrics, encoderName, encoderChecksum, fast,
          new StackHead(inputs, hidden, w1, b1, w2, b2));
    } catch (EOFException e) {
      throw new ModelFormatException("corrupt model file: it ends inside a section", e);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException("corrupt model file: " + e.getMessage(), e);
    }
  }
}
