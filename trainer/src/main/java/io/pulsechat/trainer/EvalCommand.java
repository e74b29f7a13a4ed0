package io.pulsechat.trainer;

import io.pulsechat.sentiment.Label;
import io.pulsechat.sentiment.Sentiment;
import io.pulsechat.sentiment.SentimentModels;
import io.pulsechat.sentiment.encoder.AccurateModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Score a model on labelled messages: macro recall, accuracy, macro F1, confusion matrix.")
final class EvalCommand implements Callable<Integer> {
  @Mixin ModelOption model;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${sys:pulsechat.datasets}/tweeteval-sentiment",
      description = "Folder with TweetEval-format files (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--split", defaultValue = "val", description = "Split to evaluate on: <split>_text.txt and <split>_labels.txt in --data (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--feedback", paramLabel = "FILE", description = "Evaluate on JSON-lines corrections instead.")
  Path feedback;

  @Option(names = "--report", paramLabel = "DIR", description = "Write eval.json and eval.html into this folder.")
  Path report;

  @Option(names = "--compare", paramLabel = "FILE",
      description = "The model this one would replace, shown side by side in the report (default: the shipped"
          + " accurate model, or the shipped fast one when evaluating the shipped accurate model).")
  Path compare;

  @Override
  public Integer call() throws IOException {
    ModelOption.Loaded m = model.load();
    List<Example> examples = feedback != null ? Datasets.feedback(feedback) : Datasets.tweetEval(data, split);
    String dataset = feedback != null ? feedback.getFileName().toString() : data.getFileName() + "/" + split;
    List<Sentiment> predicted = Predictions.score(m.scorer(), examples.stream().map(Example::text).toList());
    Evaluation e = Evaluation.of(examples, predicted);
    System.out.println("model " + m.version() + " on " + dataset + ": " + e.summary());
    System.out.println("confusion (rows true, columns predicted: negative neutral positive)");
    for (Label label : Label.values()) {
      int[] row = e.confusion()[label.ordinal()];
      System.out.printf("  %-8s %6d %6d %6d   recall %.4f%n", label.wireName(), row[0], row[1], row[2], e.recall(label));
    }
    if (report != null) {
      ModelOption.Loaded baseline = baseline(m);
      Evaluation b = Evaluation.of(baseline.scorer(), examples);
      Reports.write(report, m.version(), dataset, e, Reports.misclassified(examples, predicted),
          new Reports.Baseline(baseline.version(), b));
      System.out.println("report: " + report.resolve(Reports.HTML_FILE));
    }
    return 0;
  }

  private ModelOption.Loaded baseline(ModelOption.Loaded evaluated) throws IOException {
    if (compare != null) {
      return ModelOption.load(compare, "--compare");
    }
    ModelOption.Loaded shipped = new ModelOption.Loaded(null, AccurateModels.loadDefault());
    return shipped.version().equals(evaluated.version())
        ? new ModelOption.Loaded(SentimentModels.loadDefault(), null) : shipped;
  }
}
