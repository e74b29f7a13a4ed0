package io.pulsechat.trainer;

import io.pulsechat.sentiment.FeatureSettings;
import io.pulsechat.sentiment.Lexicon;
import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.TrainingMetrics;
import java.nio.file.Path;
import java.util.List;

/** Hyper-parameter sweeps on validation; run by hand, not a test. */
public final class Experiment {
  /**
   * A sweep's variant: "hashBits,bigrams(0|1),charMin,charMax,negationWindow|epochs,learningRate,l2,
   * classWeightPower[,members]", seed 42.
   */
  record Spec(FeatureSettings settings, SoftmaxTrainer.Options options) {
    static Spec parse(String spec) {
      String[] parts = spec.split("\\|");
      String[] f = parts[0].split(",");
      String[] o = parts[1].split(",");
      return new Spec(new FeatureSettings(Integer.parseInt(f[0]), f[1].equals("1"),
          Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4])),
          new SoftmaxTrainer.Options(Integer.parseInt(o[0]), Double.parseDouble(o[1]), Double.parseDouble(o[2]),
              Double.parseDouble(o[3]), o.length > 4 ? Integer.parseInt(o[4]) : 1, 42L));
    }
  }

  public static void main(String[] args) throws Exception {
    Path data = Path.of("datasets/tweeteval-sentiment");
    List<Example> train = Datasets.tweetEval(data, "train");
    List<Example> val = Datasets.tweetEval(data, "val");
    Lexicon lexicon = args.length > 0 && args[0].equals("nolex") ? Lexicon.empty() : Lexicons.load(Path.of("datasets/lexicons"));
    for (String spec : args.length > 1 ? args[1].split(";") : new String[] {"18,1,3,5,0|5,0.1,1e-6,1"}) {
      Spec parsed = Spec.parse(spec);
      FeatureSettings settings = parsed.settings();
      SoftmaxTrainer.Options options = parsed.options();
      long t0 = System.nanoTime();
      SentimentModel model = new SoftmaxTrainer(settings, lexicon, options).train(train, "x", TrainingMetrics.none(), i -> { });
      long t1 = System.nanoTime();
      Evaluation e = Evaluation.of(model, val);
      System.out.printf("%s  %s  train %.1fs  %s %s%n", spec, e.summary(), (t1 - t0) / 1e9,
          java.util.Arrays.deepToString(e.confusion()), "");
    }
  }
}
