package io.pulsechat.trainer;

import io.pulsechat.sentiment.SentenceEncoder;
import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.SentimentModels;
import io.pulsechat.sentiment.encoder.MiniLmEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of the accurate model's training: data, the fast model it stacks on, the head, the vector cache. */
final class StackOptions {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${sys:pulsechat.datasets}/tweeteval-sentiment",
      description = "Folder with train_* and val_* TweetEval files (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--fast-model", paramLabel = "FILE",
      description = "The fast model to stack on, or an accurate model whose fast model to stack on; its feature"
          + " settings and lexicon also train the out-of-fold fast models (default: the fast model shipped in the jar).")
  Path fastModel;

  @Option(names = "--fast-class-weight-power", defaultValue = "1.25",
      description = "Class weight power of the out-of-fold fast models; keep it that of the fast model stacked on"
          + " (train's --class-weight-power; default: ${DEFAULT-VALUE}, the shipped fast model's).")
  double fastClassWeightPower;

  @Option(names = "--fast-members", defaultValue = "5",
      description = "Seeds averaged into each out-of-fold fast model, as the shipped one (default: ${DEFAULT-VALUE}).")
  int fastMembers;

  @Option(names = "--folds", defaultValue = "5",
      description = "Folds for out-of-fold fast probabilities and for --cross-validate (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--hidden", defaultValue = "256",
      description = "Hidden units of the head; 0 for a linear head (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--head-epochs", defaultValue = "10", description = "Passes of the head over the data (default: ${DEFAULT-VALUE}).")
  int headEpochs;

  @Option(names = "--head-learning-rate", defaultValue = "1e-3", description = "Adam's step for the head (default: ${DEFAULT-VALUE}).")
  double headLearningRate;

  @Option(names = "--head-l2", defaultValue = "1e-5", description = "L2 penalty on the head's weights (default: ${DEFAULT-VALUE}).")
  double headL2;

  @Option(names = "--seed", defaultValue = "42", description = "Folds, initialisation and shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--embedding-cache", paramLabel = "DIR", defaultValue = "${sys:pulsechat.datasets}/../target/embeddings",
      description = "Where sentence vectors of the data are kept between runs (default: ${DEFAULT-VALUE}).")
  Path cache;

  @Option(names = "--quiet", description = "No progress bars.")
  boolean quiet;

  private SentenceEncoder encoder;

  SentimentModel fastModel() throws IOException {
    if (folds < 2) {
      throw new UserError("--folds must be at least 2, was " + folds);
    }
    if (hidden < 0 || headEpochs < 1 || fastMembers < 1 || !(headLearningRate > 0) || !(headL2 >= 0)) {
      throw new UserError("--hidden must be >= 0, --head-epochs and --fast-members >= 1, --head-learning-rate > 0,"
          + " --head-l2 >= 0");
    }
    if (!(fastClassWeightPower >= 0)) {
      throw new UserError("--fast-class-weight-power must be >= 0, was " + fastClassWeightPower);
    }
    return fastModel == null ? SentimentModels.loadDefault() : ModelOption.load(fastModel, "--fast-model").fast();
  }

  SoftmaxTrainer.Options fastOptions() {
    // train's defaults, with which the shipped fast model was trained
    return new SoftmaxTrainer.Options(3, 0.02, 1e-6, fastClassWeightPower, fastMembers, seed);
  }

  long fastSteps(int n) {
    SoftmaxTrainer.Options o = fastOptions();
    return (long) n * (folds - 1) / folds * (1 + (long) o.members() * o.epochs()) * folds;
  }

  HeadTrainer.Options headOptions() {
    return new HeadTrainer.Options(hidden, headEpochs, headLearningRate, headL2, 64, seed);
  }

  synchronized SentenceEncoder encoder() {
    if (encoder == null) {
      encoder = new MiniLmEncoder();
    }
    return encoder;
  }

  float[][] vectors(List<Example> examples) throws IOException {
    List<String> texts = examples.stream().map(Example::text).toList();
    try (Progress progress = progress("encode", texts.size())) {
      return new EmbeddingCache(cache.normalize()).vectors(encoder(), texts, progress);
    }
  }

  Progress progress(String task, long total) {
    return new Progress(task, total, quiet);
  }
}
