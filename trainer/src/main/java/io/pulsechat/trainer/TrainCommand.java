package io.pulsechat.trainer;

import io.pulsechat.sentiment.FeatureSettings;
import io.pulsechat.sentiment.Lexicon;
import io.pulsechat.sentiment.ModelFormat;
import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.TrainingMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a model on TweetEval-format files (plus users' corrections) and write it.")
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${sys:pulsechat.datasets}/tweeteval-sentiment",
      description = "Folder with <split>_text.txt and <split>_labels.txt (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--train-split", defaultValue = "train", description = "Split to train on (default: ${DEFAULT-VALUE}).")
  String trainSplit;

  @Option(names = "--val-split", defaultValue = "val",
      description = "Split whose figures go into the model header; 'none' to skip (default: ${DEFAULT-VALUE}).")
  String valSplit;

  @Option(names = "--feedback", paramLabel = "FILE",
      description = "Users' corrections, JSON lines {\"text\":..,\"label\":..}; repeatable; added to the training data.")
  List<Path> feedback = new ArrayList<>();

  @Option(names = "--lexicons", paramLabel = "DIR", defaultValue = "${sys:pulsechat.datasets}/lexicons",
      description = "Folder with the lexicon files (default: ${DEFAULT-VALUE}).")
  Path lexicons;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Model file to write; none: only --cross-validate.")
  Path out;

  @Option(names = "--cross-validate", description = "First report the macro recall of these settings over K folds of"
      + " the train plus the val split (K = --folds; mean +- sd over folds, the folds of train-accurate's).")
  boolean crossValidate;

  @Option(names = "--folds", defaultValue = "5", description = "Folds for --cross-validate (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--model-version", description = "Version string (default: derived from the weights).")
  String modelVersion;

  @Option(names = "--limit", paramLabel = "N", description = "Train on the first N examples only (for quick runs).")
  Integer limit;

  @Option(names = "--seed", defaultValue = "42", description = "Shuffling seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--epochs", defaultValue = "3",
      description = "Passes over the training data per member (default: ${DEFAULT-VALUE}).")
  int epochs;
  @Option(names = "--learning-rate", defaultValue = "0.02",
      description = "AdaGrad's base step size (default: ${DEFAULT-VALUE}).")
  double learningRate;
  @Option(names = "--l2", defaultValue = "1e-6",
      description = "L2 penalty on the weights each step touches; larger values regularise more (default: ${DEFAULT-VALUE}).")
  double l2;
  @Option(names = "--class-weight-power", defaultValue = "1.25",
      description = "0 ignores the classes' frequency, 1 balances them, above 1 favours the rarer ones further"
          + " (default: ${DEFAULT-VALUE}).")
  double classWeightPower;
  @Option(names = "--members", defaultValue = "5", description = "Seeds averaged into one model (default: ${DEFAULT-VALUE}).")
  int members;
  @Option(names = "--hash-bits", defaultValue = "20",
      description = "Words and n-grams are hashed into 2^N buckets, 4..26; the model file grows as 12 x 2^N bytes"
          + " (default: ${DEFAULT-VALUE}).")
  int hashBits;
  @Option(names = "--no-bigrams", description = "Leave out word bigrams.") boolean noBigrams;
  @Option(names = "--char-ngrams", defaultValue = "0", paramLabel = "MIN-MAX",
      description = "Character n-grams of words, e.g. 3-5; 0 for none (default: ${DEFAULT-VALUE}).")
  String charNgrams;
  @Option(names = "--negation-window", defaultValue = "3",
      description = "Words a negation covers; 0 for the whole clause (default: ${DEFAULT-VALUE}).")
  int negationWindow;

  @Option(names = "--quiet", description = "No progress bar.") boolean quiet;

  @Override
  public Integer call() throws IOException {
    FeatureSettings settings = featureSettings();
    positive("--epochs", epochs);
    positive("--members", members);
    if (!(learningRate > 0) || !(l2 >= 0) || !(classWeightPower >= 0)) {
      throw new UserError("--learning-rate must be > 0, --l2 and --class-weight-power >= 0; were "
          + learningRate + ", " + l2 + ", " + classWeightPower);
    }
    if (out == null && !crossValidate) {
      throw new UserError("give -o FILE, --cross-validate, or both");
    }
    if (crossValidate && folds < 2) {
      throw new UserError("--folds must be at least 2, was " + folds);
    }
    List<Example> train = new ArrayList<>(Datasets.tweetEval(data, trainSplit));
    if (limit != null && limit < train.size()) {
      train = new ArrayList<>(train.subList(0, limit));
    }
    for (Path file : feedback) {
      train.addAll(Datasets.feedback(file));
    }
    Lexicon lexicon = Lexicons.load(lexicons);
    SoftmaxTrainer.Options options = new SoftmaxTrainer.Options(epochs, learningRate, l2, classWeightPower, members, seed);
    if (crossValidate) {
      List<Example> all = new ArrayList<>(train);
      all.addAll(Datasets.tweetEval(data, valSplit.equals("none") ? "val" : valSplit));
      long steps = (long) all.size() * (folds - 1) / folds * (1 + (long) members * epochs) * folds;
      try (Progress progress = new Progress("cross-validate", steps, quiet)) {
        CrossValidation.fast(all, folds, settings, lexicon, options, progress, System.out, "fast (these settings)");
      }
      if (out == null) {
        return 0;
      }
    }
    SentimentModel model;
    long total = (long) train.size() * (1 + (long) Math.max(1, members) * epochs);
    String dataset = data.getFileName() + "/" + trainSplit + (feedback.isEmpty() ? "" : "+feedback");
    TrainingMetrics unevaluated = new TrainingMetrics(dataset, train.size(), seed, "", Double.NaN, Double.NaN, Double.NaN);
    try (Progress progress = new Progress("train", total, quiet)) {
      model = new SoftmaxTrainer(settings, lexicon, options).train(train, "unnamed", unevaluated, progress);
    }
    TrainingMetrics metrics = unevaluated;
    if (!valSplit.equals("none")) {
      Evaluation e = Evaluation.of(model, Datasets.tweetEval(data, valSplit));
      metrics = new TrainingMetrics(dataset, train.size(), seed, data.getFileName() + "/" + valSplit,
          e.macroRecall(), e.accuracy(), e.macroF1());
      System.out.println(valSplit + ": " + e.summary());
    }
    String version = modelVersion != null ? modelVersion : "tweeteval-lr-" + ModelFiles.fingerprint(bytes(model));
    model = model.withHeader(version, metrics);
    ModelFiles.write(out, bytes(model), version);
    return 0;
  }

  private FeatureSettings featureSettings() {
    int min = 0;
    int max = 0;
    if (!charNgrams.equals("0")) {
      String[] range = charNgrams.split("-");
      try {
        min = Integer.parseInt(range[0].trim());
        max = Integer.parseInt(range[range.length - 1].trim());
      } catch (NumberFormatException e) {
        throw new UserError("--char-ngrams " + charNgrams + ": expected MIN-MAX such as 3-5, or 0");
      }
    }
    try {
      return new FeatureSettings(hashBits, !noBigrams, min, max, negationWindow);
    } catch (IllegalArgumentException e) {
      throw new UserError("--hash-bits / --char-ngrams / --negation-window: " + e.getMessage());
    }
  }

  private static void positive(String option, int value) {
    if (value < 1) {
      throw new UserError(option + " must be at least 1, was " + value);
    }
  }

  private static byte[] bytes(SentimentModel model) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ModelFormat.write(model, bytes);
    return bytes.toByteArray();
  }
}
