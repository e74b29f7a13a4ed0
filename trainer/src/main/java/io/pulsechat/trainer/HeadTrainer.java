package io.pulsechat.trainer;

import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.StackHead;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Trains a {@link StackHead}: a ReLU layer (or none) and softmax over dense inputs, minibatch Adam,
 * L2, classes weighed inversely to their frequency (the target is macro recall). Seeded and
 * single-threaded, so the same data and seed give the same head.
 */
final class HeadTrainer {
  /**
   * @param hidden hidden units, 0 for a linear head
   * @param epochs passes over the data
   * @param learningRate Adam's step
   * @param l2 L2 penalty on the weights
   * @param batch examples per step
   * @param seed initialisation and shuffling
   */
  record Options(int hidden, int epochs, double learningRate, double l2, int batch, long seed) {
  }

  private static final int K = SentimentModel.CLASSES;
  private final Options o;

  HeadTrainer(Options options) {
    this.o = options;
  }

  StackHead train(float[][] x, int[] y, IntConsumer progress) {
    int n = x.length;
    int d = x[0].length;
    int h = o.hidden();
    int last = h == 0 ? d : h;
    Random random = new Random(o.seed());
    float[][] params = {new float[d * h], new float[h], new float[last * K], new float[K]};
    double scale = Math.sqrt(2.0 / d);
    for (int i = 0; i < params[0].length; i++) {
      params[0][i] = (float) (random.nextGaussian() * scale);
    }
    float[][] grads = new float[4][];
    float[][] m = new float[4][];
    float[][] v = new float[4][];
    for (int p = 0; p < 4; p++) {
      grads[p] = new float[params[p].length];
      m[p] = new float[params[p].length];
      v[p] = new float[params[p].length];
    }
    double[] classWeight = classWeights(y);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    float[] hid = new float[Math.max(h, 1)];
    float[] gh = new float[Math.max(h, 1)];
    double[] z = new double[K];
    long t = 0;
    for (int epoch = 0; epoch < o.epochs(); epoch++) {
      SoftmaxTrainer.shuffle(order, random);
      for (int s = 0; s < n; s += o.batch()) {
        int end = Math.min(n, s + o.batch());
        for (float[] g : grads) {
          java.util.Arrays.fill(g, 0f);
        }
        for (int b = s; b < end; b++) {
          int i = order[b];
          float[] xi = x[i];
          float[] in = xi;
          if (h > 0) {
            System.arraycopy(params[1], 0, hid, 0, h);
            for (int a = 0; a < d; a++) {
              float xa = xi[a];
              int row = a * h;
              for (int j = 0; j < h; j++) {
                hid[j] += xa * params[0][row + j];
              }
            }
            for (int j = 0; j < h; j++) {
              hid[j] = Math.max(0, hid[j]);
            }
            in = hid;
          }
          for (int k = 0; k < K; k++) {
            z[k] = params[3][k];
          }
          for (int j = 0; j < last; j++) {
            float a = in[j];
            z[0] += a * params[2][j * K];
            z[1] += a * params[2][j * K + 1];
            z[2] += a * params[2][j * K + 2];
          }
          SentimentModel.softmax(z);
          double w = classWeight[y[i]];
          for (int k = 0; k < K; k++) {
            z[k] = w * (z[k] - (k == y[i] ? 1 : 0));
            grads[3][k] += (float) z[k];
          }
          for (int j = 0; j < last; j++) {
            float a = in[j];
            grads[2][j * K] += (float) (a * z[0]);
            grads[2][j * K + 1] += (float) (a * z[1]);
            grads[2][j * K + 2] += (float) (a * z[2]);
          }
          if (h > 0) {
            for (int j = 0; j < h; j++) {
              gh[j] = hid[j] > 0
                  ? (float) (z[0] * params[2][j * K] + z[1] * params[2][j * K + 1] + z[2] * params[2][j * K + 2])
                  : 0f;
              grads[1][j] += gh[j];
            }
            for (int a = 0; a < d; a++) {
              float xa = xi[a];
              int row = a * h;
              for (int j = 0; j < h; j++) {
                grads[0][row + j] += xa * gh[j];
              }
            }
          }
          progress.accept(1);
        }
        t++;
        adam(params, grads, m, v, t, end - s);
      }
    }
    return new StackHead(d, h, params[0], params[1], params[2], params[3]);
  }

  private void adam(float[][] params, float[][] grads, float[][] m, float[][] v, long t, int count) {
    double c1 = 1 - Math.pow(0.9, t);
    double c2 = 1 - Math.pow(0.999, t);
    for (int p = 0; p < params.length; p++) {
      boolean weights = p == 0 || p == 2;
      float[] w = params[p];
      for (int i = 0; i < w.length; i++) {
        double g = grads[p][i] / count + (weights ? o.l2() * w[i] : 0);
        m[p][i] = (float) (0.9 * m[p][i] + 0.1 * g);
        v[p][i] = (float) (0.999 * v[p][i] + 0.001 * g * g);
        w[i] -= (float) (o.learningRate() * (m[p][i] / c1) / (Math.sqrt(v[p][i] / c2) + 1e-8));
      }
    }
  }

  private static double[] classWeights(int[] labels) {
    double[] counts = new double[K];
    for (int y : labels) {
      counts[y]++;
    }
    double[] weights = new double[K];
    for (int k = 0; k < K; k++) {
      weights[k] = counts[k] == 0 ? 0 : labels.length / (K * counts[k]);
    }
    return weights;
  }
}
