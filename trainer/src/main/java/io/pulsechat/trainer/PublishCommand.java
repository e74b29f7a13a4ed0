package io.pulsechat.trainer;

import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.SentimentModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "publish", mixinStandardHelpOptions = true,
    description = "Upload a model and its report to a folder, writing latest.json last, then announce it.")
final class PublishCommand implements Callable<Integer> {
  @Option(names = "--model", paramLabel = "FILE", required = true, description = "Model file to publish.")
  Path model;

  @Option(names = "--report", paramLabel = "DIR", description = "Folder with eval.json / eval.html to publish alongside.")
  Path report;

  @Option(names = "--to", paramLabel = "DEST", required = true, description = "Destination folder.")
  String to;

  @Override
  public Integer call() throws IOException {
    SentimentModel m = SentimentModels.load(model);
    ModelStore store = new LocalFolderStore(Path.of(to));
    new Publisher(store, Announcer.log()).publish(m, model, report);
    System.out.println("published " + m.version() + " to " + store.locate(Publisher.POINTER));
    return 0;
  }
}
