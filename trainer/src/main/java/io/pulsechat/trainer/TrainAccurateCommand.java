package io.pulsechat.trainer;

import io.pulsechat.sentiment.AccurateModel;
import io.pulsechat.sentiment.AccurateModelFormat;
import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.StackHead;
import io.pulsechat.sentiment.TrainingMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train-accurate", mixinStandardHelpOptions = true,
    description = {"Train the accurate model: a head over MiniLM-L6 sentence vectors joined with the fast model's"
        + " out-of-fold probabilities, on the train split; report it on val and write it.",
        "With --cross-validate, first report both kinds' macro recall over K folds of train plus val."})
final class TrainAccurateCommand implements Callable<Integer> {
  @Mixin StackOptions stack;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Model file to write; none: only --cross-validate.")
  Path out;

  @Option(names = "--cross-validate", description = "Report K-fold cross-validated macro recall of the fast and the"
      + " accurate model over train plus val (K = --folds) before training.")
  boolean crossValidate;

  @Option(names = "--model-version", description = "Version string (default: derived from the weights).")
  String modelVersion;

  @Override
  public Integer call() throws IOException {
    if (out == null && !crossValidate) {
      throw new UserError("give -o FILE, --cross-validate, or both");
    }
    SentimentModel fast = stack.fastModel();
    List<Example> train = Datasets.tweetEval(stack.data, "train");
    List<Example> val = Datasets.tweetEval(stack.data, "val");
    float[][] trainVectors = stack.vectors(train);
    float[][] valVectors = stack.vectors(val);
    if (crossValidate) {
      List<Example> all = new ArrayList<>(train);
      all.addAll(val);
      float[][] allVectors = new float[all.size()][];
      System.arraycopy(trainVectors, 0, allVectors, 0, trainVectors.length);
      System.arraycopy(valVectors, 0, allVectors, trainVectors.length, valVectors.length);
      new CrossValidation(stack, fast).run(all, allVectors, System.out);
    }
    if (out == null) {
      return 0;
    }
    int[] fold = Stacking.folds(train.size(), stack.folds, stack.seed);
    double[][] oof;
    try (Progress progress = stack.progress("fast out-of-fold", stack.fastSteps(train.size()))) {
      oof = Stacking.outOfFold(train, fold, stack.folds, fast.settings(), fast.lexicon(), stack.fastOptions(), progress);
    }
    StackHead head;
    try (Progress progress = stack.progress("head", (long) train.size() * stack.headEpochs)) {
      head = new HeadTrainer(stack.headOptions()).train(Stacking.inputs(trainVectors, oof), Stacking.labels(train), progress);
    }
    double[][] valFast = new double[val.size()][SentimentModel.CLASSES];
    for (int i = 0; i < val.size(); i++) {
      fast.probabilities(val.get(i).text(), valFast[i]);
    }
    Evaluation e = new Evaluation(Stacking.confusion(head, Stacking.inputs(valVectors, valFast),
        Stacking.labels(val), null, -1));
    System.out.println("val: " + e.summary());
    String dataset = stack.data.getFileName() + "/train";
    TrainingMetrics metrics = new TrainingMetrics(dataset, train.size(), stack.seed,
        stack.data.getFileName() + "/val", e.macroRecall(), e.accuracy(), e.macroF1());
    AccurateModel model = new AccurateModel("unnamed", metrics, stack.encoder().name(), stack.encoder().checksum(),
        fast, head);
    String version = modelVersion != null ? modelVersion
        : "tweeteval-minilm-stack-" + ModelFiles.fingerprint(bytes(model));
    model = model.withHeader(version, metrics);
    ModelFiles.write(out, bytes(model), version);
    return 0;
  }

  private static byte[] bytes(AccurateModel model) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AccurateModelFormat.write(model, bytes);
    return bytes.toByteArray();
  }
}
