package io.pulsechat.trainer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.pulsechat.sentiment.Sentiment;
import io.pulsechat.sentiment.SentimentScorer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "predict", mixinStandardHelpOptions = true,
    description = {"Read one message a line on stdin; write one {\"label\",\"score\",\"model\"} JSON object a line, in order.",
        "Scores with the accurate model unless --fast (or a fast --model) is given."})
final class PredictCommand implements Callable<Integer> {
  @Mixin ModelOption model;

  @Override
  public Integer call() throws IOException {
    SentimentScorer scorer = model.load().scorer();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    JsonFactory json = new JsonFactory();
    List<String> batch = new ArrayList<>();
    String line;
    while ((line = in.readLine()) != null) {
      batch.add(line);
      // Lines already buffered are scored together; an interactive caller gets each answer at once.
      if (batch.size() >= Predictions.BATCH || !in.ready()) {
        write(json, out, Predictions.score(scorer, batch));
        batch.clear();
        out.flush();
      }
    }
    write(json, out, Predictions.score(scorer, batch));
    out.flush();
    return 0;
  }

  private static void write(JsonFactory json, Writer out, List<Sentiment> scored) throws IOException {
    for (Sentiment s : scored) {
      try (JsonGenerator g = json.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
        g.writeStartObject();
        g.writeStringField("label", s.label().wireName());
        g.writeNumberField("score", Math.round(s.score() * 1e4) / 1e4);
        g.writeStringField("model", s.model());
        g.writeEndObject();
      }
      out.write('\n');
    }
  }
}
