package io.pulsechat.sentiment;

import java.util.List;

/**
 * A pretrained sentence encoder (for example MiniLM-L6 run by ONNX Runtime): text in, one
 * fixed-length vector per text out. This library only names the contract; an implementation lives
 * in a module that may carry native code and large weights ({@code sentiment-encoder}), so that
 * this one stays dependency-free.
 *
 * <p>Implementations are thread-safe. Encoding costs milliseconds per message, so callers batch
 * messages and never encode on an event loop.
 */
public interface SentenceEncoder {
  /** A stable name of the encoder's weights, e.g. "all-minilm-l6-v2-q"; models refer to it. */
  String name();

  /** SHA-256 (hex) of the encoder's weights file: a model trained on other weights is refused. */
  String checksum();

  /** The length of every vector {@link #encode} returns. */
  int dimension();

  /** One vector per text, in order. */
  float[][] encode(List<String> texts);
}
