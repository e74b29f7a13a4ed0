package io.pulsechat.trainer;

import io.pulsechat.sentiment.Label;
import io.pulsechat.sentiment.SentimentModel;
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

  @Override
  public Integer call() throws IOException {
    SentimentModel m = model.load();
    List<Example> examples = feedback != null ? Datasets.feedback(feedback) : Datasets.tweetEval(data, split);
    String dataset = feedback != null ? feedback.getFileName().toString() : data.getFileName() + "/" + split;
    Evaluation e = Evaluation.of(m, examples);
    System.out.println("model " + m.version() + " on " + dataset + ": " + e.summary());
    System.out.println("confusion (rows true, columns predicted: negative neutral positive)");
    for (Label label : Label.values()) {
      int[] row = e.confusion()[label.ordinal()];
      System.out.printf("  %-8s %6d %6d %6d   recall %.4f%n", label.wireName(), row[0], row[1], row[2], e.recall(label));
    }
    if (report != null) {
      Reports.write(report, m, dataset, e);
      System.out.println("report: " + report.resolve(Reports.HTML_FILE));
    }
    return 0;
  }
}
