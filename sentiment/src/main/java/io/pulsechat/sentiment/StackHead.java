package io.pulsechat.sentiment;

/**
 * A one-hidden-layer network (ReLU) from a dense input to three class logits, or a linear layer
 * when it has no hidden units. Weights are never written after construction, so scoring is
 * thread-safe.
 *
 * @param inputs the input's length
 * @param hidden hidden units; 0 for a linear head
 * @param w1 {@code inputs x hidden}, row-major (empty when linear)
 * @param b1 {@code hidden}
 * @param w2 {@code (hidden or inputs) x 3}, row-major
 * @param b2 three biases
 */
public record StackHead(int inputs, int hidden, float[] w1, float[] b1, float[] w2, float[] b2) {
  /** The head reads the fast model's three log-probabilities after the encoder's vector. */
  public static final int FAST_INPUTS = SentimentModel.CLASSES;

  public StackHead {
    int k = SentimentModel.CLASSES;
    int last = hidden == 0 ? inputs : hidden;
    if (inputs < 1 || hidden < 0 || w1.length != inputs * hidden || b1.length != hidden
        || w2.length != last * k || b2.length != k) {
      throw new IllegalArgumentException("head shapes do not match " + inputs + " inputs and " + hidden + " hidden units");
    }
  }

  /** Class probabilities of {@code x} into {@code out[0..3)}. */
  public void probabilities(float[] x, double[] out) {
    float[] h = x;
    if (hidden > 0) {
      h = new float[hidden];
      System.arraycopy(b1, 0, h, 0, hidden);
      for (int i = 0; i < inputs; i++) {
        float xi = x[i];
        if (xi == 0) {
          continue;
        }
        int row = i * hidden;
        for (int j = 0; j < hidden; j++) {
          h[j] += xi * w1[row + j];
        }
      }
      for (int j = 0; j < hidden; j++) {
        h[j] = Math.max(0, h[j]);
      }
    }
    double[] z = {b2[0], b2[1], b2[2]};
    for (int j = 0; j < h.length; j++) {
      z[0] += h[j] * w2[j * 3];
      z[1] += h[j] * w2[j * 3 + 1];
      z[2] += h[j] * w2[j * 3 + 2];
    }
    out[0] = z[0];
    out[1] = z[1];
    out[2] = z[2];
    SentimentModel.softmax(out);
  }
}
