package io.pulsechat.trainer;

import io.pulsechat.sentiment.FeatureSettings;
import io.pulsechat.sentiment.Lexicon;
import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.StackHead;
import io.pulsechat.sentiment.TrainingMetrics;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Distillation of the fast model from the accurate one, cross-validated with nested folds; run by
 * hand, not a test. For each outer fold f, the teacher's soft labels on the other folds come from
 * teachers that saw neither fold f nor the example's own fold (inner folds = the other outer folds),
 * so the held-out fold's labels reach no model that scores it.
 * Args: vectors-train.f32 vectors-val.f32 teacher-cache.bin hidden "alpha,alpha,..." [fast options]
 */
public final class DistillExperiment {
  public static void main(String[] args) throws Exception {
    Path data = Path.of("datasets/tweeteval-sentiment");
    List<Example> all = new ArrayList<>(Datasets.tweetEval(data, "train"));
    all.addAll(Datasets.tweetEval(data, "val"));
    float[][] tv = EmbeddingCache.read(Path.of(args[0]));
    float[][] vv = EmbeddingCache.read(Path.of(args[1]));
    float[][] vectors = new float[all.size()][];
    System.arraycopy(tv, 0, vectors, 0, tv.length);
    System.arraycopy(vv, 0, vectors, tv.length, vv.length);
    Lexicon lexicon = Lexicons.load(Path.of("datasets/lexicons"));
    FeatureSettings settings = new FeatureSettings(18, true, 0, 0, 3);
    int k = 5;
    long seed = 42;
    SoftmaxTrainer.Options fastOptions = new SoftmaxTrainer.Options(3, 0.02, 1e-6, 1.0, 5, seed);
    int hidden = Integer.parseInt(args[3]);
    int[] fold = Stacking.folds(all.size(), k, seed);
    int[] y = Stacking.labels(all);
    Path cache = Path.of(args[2]);
    // teacher[f][i]: soft label of example i (fold != f) for outer fold f
    double[][][] teacher = new double[k][][];
    if (Files.isRegularFile(cache)) {
      try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
        for (int f = 0; f < k; f++) {
          teacher[f] = new double[all.size()][];
          for (int i = 0; i < all.size(); i++) {
            if (fold[i] != f) {
              teacher[f][i] = new double[] {in.readDouble(), in.readDouble(), in.readDouble()};
            }
          }
        }
      }
    } else {
      long t0 = System.nanoTime();
      for (int f = 0; f < k; f++) {
        teacher[f] = new double[all.size()][];
        // inner out-of-fold fast probabilities on every fold g != f, from models without f and g
        double[][] fastP = new double[all.size()][];
        for (int g = 0; g < k; g++) {
          if (g == f) {
            continue;
          }
          List<Example> train = new ArrayList<>();
          for (int i = 0; i < all.size(); i++) {
            if (fold[i] != f && fold[i] != g) {
              train.add(all.get(i));
            }
          }
          SentimentModel fast = new SoftmaxTrainer(settings, lexicon, fastOptions)
              .train(train, "inner", TrainingMetrics.none(), n -> { });
          for (int i = 0; i < all.size(); i++) {
            if (fold[i] == g) {
              fastP[i] = new double[3];
              fast.probabilities(all.get(i).text(), fastP[i]);
            }
          }
        }
        for (int g = 0; g < k; g++) {
          if (g == f) {
            continue;
          }
          List<float[]> xs = new ArrayList<>();
          List<Integer> ys = new ArrayList<>();
          for (int i = 0; i < all.size(); i++) {
            if (fold[i] != f && fold[i] != g) {
              xs.add(io.pulsechat.sentiment.AccurateModel.input(vectors[i], fastP[i]));
              ys.add(y[i]);
            }
          }
          StackHead head = new HeadTrainer(new HeadTrainer.Options(hidden, 10, 1e-3, 1e-5, 64, seed))
              .train(xs.toArray(float[][]::new), ys.stream().mapToInt(Integer::intValue).toArray(), n -> { });
          for (int i = 0; i < all.size(); i++) {
            if (fold[i] == g) {
              teacher[f][i] = new double[3];
              head.probabilities(io.pulsechat.sentiment.AccurateModel.input(vectors[i], fastP[i]), teacher[f][i]);
            }
          }
        }
        System.out.printf("teacher for outer fold %d done at %.0fs%n", f, (System.nanoTime() - t0) / 1e9);
      }
      try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cache)))) {
        for (int f = 0; f < k; f++) {
          for (int i = 0; i < all.size(); i++) {
            if (fold[i] != f) {
              for (double p : teacher[f][i]) {
                out.writeDouble(p);
              }
            }
          }
        }
      }
    }
    // The teacher's own nested figure: its soft labels scored as predictions, per outer fold's inner folds
    int[][] tc = new int[3][3];
    for (int i = 0; i < all.size(); i++) {
      int f = (fold[i] + 1) % k;
      tc[y[i]][Stacking.argmax(teacher[f][i])]++;
    }
    System.out.println("teacher (hidden " + hidden + ") inner out-of-fold: " + new Evaluation(tc).summary());
    String[] specs = args.length > 5 ? args[5].split(";") : new String[] {"18,1,0,0,3|3,0.02,1e-6,1,5"};
    for (String spec : specs) {
      Experiment.Spec parsed = Experiment.Spec.parse(spec);
      FeatureSettings s = parsed.settings();
      SoftmaxTrainer.Options opt = parsed.options();
      for (String a : args[4].split(",")) {
        double alpha = Double.parseDouble(a);
        int[][][] folds = new int[k][3][3];
        for (int f = 0; f < k; f++) {
          List<Example> train = new ArrayList<>();
          List<double[]> soft = new ArrayList<>();
          for (int i = 0; i < all.size(); i++) {
            if (fold[i] != f) {
              train.add(all.get(i));
              soft.add(teacher[f][i]);
            }
          }
          SentimentModel student = new SoftmaxTrainer(s, lexicon, opt)
              .train(train, soft.toArray(double[][]::new), alpha, "student", TrainingMetrics.none(), n -> { });
          double[] p = new double[3];
          for (int i = 0; i < all.size(); i++) {
            if (fold[i] == f) {
              student.probabilities(all.get(i).text(), p);
              folds[f][y[i]][Stacking.argmax(p)]++;
            }
          }
        }
        CrossValidation.report(System.out, spec + " alpha " + alpha, folds);
      }
    }
  }
}
