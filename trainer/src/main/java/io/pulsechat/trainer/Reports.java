package io.pulsechat.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulsechat.sentiment.Label;
import io.pulsechat.sentiment.Sentiment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** Writes an evaluation as JSON (for machines) and as a self-contained HTML page (for people). */
public final class Reports {
  public static final String JSON_FILE = "eval.json";
  public static final String HTML_FILE = "eval.html";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Reports() {
  }

  public static ObjectNode json(String model, String dataset, Evaluation e) {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", model);
    root.put("dataset", dataset);
    root.put("examples", e.total());
    root.put("macroRecall", e.macroRecall());
    root.put("accuracy", e.accuracy());
    root.put("macroF1", e.macroF1());
    ObjectNode perClass = root.putObject("perClass");
    for (Label label : Label.values()) {
      ObjectNode c = perClass.putObject(label.wireName());
      c.put("precision", e.precision(label));
      c.put("recall", e.recall(label));
      c.put("f1", e.f1(label));
      int[] row = e.confusion()[label.ordinal()];
      c.put("support", row[0] + row[1] + row[2]);
    }
    ObjectNode confusion = root.putObject("confusion");
    confusion.put("rows", "true label");
    confusion.put("columns", "predicted label");
    ArrayNode labels = confusion.putArray("labels");
    for (Label label : Label.values()) {
      labels.add(label.wireName());
    }
    ArrayNode matrix = confusion.putArray("matrix");
    for (int[] row : e.confusion()) {
      ArrayNode r = matrix.addArray();
      for (int c : row) {
        r.add(c);
      }
    }
    return root;
  }

  /** Writes {@value #JSON_FILE} and {@value #HTML_FILE} into {@code dir}. */
  public static void write(Path dir, String model, String dataset, Evaluation e) throws IOException {
    write(dir, model, dataset, e, null, null);
  }

  /** The model a new one would replace, and its evaluation on the same messages. */
  public record Baseline(String model, Evaluation evaluation) {
  }

  /** Up to {@value #EXAMPLES_PER_CLASS} misclassified messages per true class, in data order. */
  public static final int EXAMPLES_PER_CLASS = 20;

  public static ObjectNode misclassified(List<Example> examples, List<Sentiment> predicted) {
    ObjectNode out = JSON.createObjectNode();
    for (Label label : Label.values()) {
      out.putArray(label.wireName());
    }
    for (int i = 0; i < examples.size(); i++) {
      Example ex = examples.get(i);
      Sentiment p = predicted.get(i);
      ArrayNode list = (ArrayNode) out.get(ex.label().wireName());
      if (p.label() != ex.label() && list.size() < EXAMPLES_PER_CLASS) {
        list.addObject().put("text", ex.text()).put("predicted", p.label().wireName())
            .put("score", Math.round(p.score() * 1e3) / 1e3);
      }
    }
    return out;
  }

  /**
   * Writes {@value #JSON_FILE} and {@value #HTML_FILE} into {@code dir}, with misclassified
   * examples and the baseline side by side when given.
   */
  public static void write(Path dir, String model, String dataset, Evaluation e, ObjectNode misclassified,
                           Baseline baseline) throws IOException {
    Files.createDirectories(dir);
    ObjectNode json = json(model, dataset, e);
    if (misclassified != null) {
      json.set("misclassified", misclassified);
    }
    if (baseline != null) {
      json.set("baseline", json(baseline.model(), dataset, baseline.evaluation()));
    }
    Files.writeString(dir.resolve(JSON_FILE), JSON.writeValueAsString(json) + "\n");
    Files.writeString(dir.resolve(HTML_FILE), html(json));
  }

  static String html(ObjectNode json) throws IOException {
    String data = new ObjectMapper().writeValueAsString(json).replace("</", "<\\/");
    String title = "Sentiment evaluation: " + escape(json.get("model").asText()) + " on "
        + escape(json.get("dataset").asText());
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>%s</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}
        table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #bbb;padding:.4rem .8rem;text-align:right}
        table.examples td{text-align:left}
        .charts{display:flex;gap:2rem;flex-wrap:wrap}.charts>div{width:26rem}
        </style>
        <script>%s</script>
        </head><body>
        <h1>%s</h1>
        <p id="summary"></p>
        <h2>Per class</h2>
        <table id="perClass"></table>
        <div id="baseline"></div>
        <h2>Confusion matrix</h2>
        <p>Rows: true label; columns: predicted label.</p>
        <table id="confusion"></table>
        <div class="charts">
          <div><canvas id="confusionChart" aria-label="confusion matrix as stacked bars"></canvas></div>
          <div><canvas id="classChart" aria-label="precision, recall and F1 per class"></canvas></div>
        </div>
        <script>
        const report = %s;
        const labels = report.confusion.labels;
        const pct = x => (100 * x).toFixed(1) + '%%';
        document.getElementById('summary').textContent =
          `${report.examples} messages. Macro recall ${pct(report.macroRecall)}, accuracy ${pct(report.accuracy)}, macro F1 ${pct(report.macroF1)}.`;
        const table = document.getElementById('confusion');
        table.insertRow().innerHTML = '<th></th>' + labels.map(l => `<th>${l}</th>`).join('');
        report.confusion.matrix.forEach((row, i) => {
          const total = row.reduce((a, b) => a + b, 0);
          const tr = table.insertRow();
          tr.innerHTML = `<th>${labels[i]}</th>` + row.map(c =>
            `<td style="background:rgba(40,110,200,${(total ? c / total : 0).toFixed(2)})">${c}</td>`).join('');
        });
        const f4 = x => x.toFixed(4);
        const perClass = document.getElementById('perClass');
        perClass.insertRow().innerHTML = '<th>class</th><th>support</th><th>precision</th><th>recall</th><th>F1</th>';
        labels.forEach(l => {
          const c = report.perClass[l];
          perClass.insertRow().innerHTML = `<th>${l}</th><td>${c.support}</td><td>${f4(c.precision)}</td>`
            + `<td>${f4(c.recall)}</td><td>${f4(c.f1)}</td>`;
        });
        const esc = s => s.replace(/[&<>"]/g, ch => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[ch]));
        if (report.baseline) {
          const b = report.baseline;
          let html = `<h2>Side by side with ${esc(b.model)}, the model it would replace</h2><table>`
            + `<tr><th></th><th>${esc(report.model)}</th><th>${esc(b.model)}</th><th>change</th></tr>`;
          const row = (name, x, y) => `<tr><th>${name}</th><td>${f4(x)}</td><td>${f4(y)}</td>`
            + `<td>${(x - y >= 0 ? '+' : '') + (100 * (x - y)).toFixed(1)} pts</td></tr>`;
          html += row('macro recall', report.macroRecall, b.macroRecall) + row('accuracy', report.accuracy, b.accuracy)
            + row('macro F1', report.macroF1, b.macroF1);
          labels.forEach(l => { html += row('recall ' + l, report.perClass[l].recall, b.perClass[l].recall); });
          document.getElementById('baseline').innerHTML = html + '</table>';
        }
        if (report.misclassified) {
          let html = '<h2>Misclassified examples</h2><p>Up to 20 per true class, in data order.</p>';
          labels.forEach(l => {
            html += `<h3>true ${l}</h3><table class="examples"><tr><th>message</th><th>predicted</th><th>score</th></tr>`
              + report.misclassified[l].map(x => `<tr><td>${esc(x.text)}</td><td>${x.predicted}</td><td>${x.score}</td></tr>`).join('')
              + '</table>';
          });
          document.body.insertAdjacentHTML('beforeend', html);
        }
        const colours = ['#d9534f', '#999999', '#5cb85c'];
        new Chart(document.getElementById('confusionChart'), {
          type: 'bar',
          data: { labels: labels.map(l => 'true ' + l),
                  datasets: labels.map((l, j) => ({ label: 'predicted ' + l, backgroundColor: colours[j],
                                                    data: report.confusion.matrix.map(row => row[j]) })) },
          options: { animation: false, scales: { x: { stacked: true }, y: { stacked: true } },
                     plugins: { title: { display: true, text: 'Confusion matrix' } } }
        });
        new Chart(document.getElementById('classChart'), {
          type: 'bar',
          data: { labels,
                  datasets: ['precision', 'recall', 'f1'].map((m, j) => ({ label: m,
                    backgroundColor: ['#8fb3de', '#2a6fc9', '#173d6e'][j],
                    data: labels.map(l => report.perClass[l][m]) })) },
          options: { animation: false, scales: { y: { min: 0, max: 1 } },
                     plugins: { title: { display: true, text: 'Per class' } } }
        });
        </script>
        </body></html>
        """.formatted(title, chartJs(), title, data);
  }

  private static String chartJs() {
    Properties webjars = new Properties();
    try (InputStream in = Reports.class.getResourceAsStream("webjars.properties")) {
      webjars.load(in);
      String path = "/META-INF/resources/webjars/chart.js/" + webjars.getProperty("chartjs.version")
          + "/dist/chart.umd.js";
      try (InputStream js = Reports.class.getResourceAsStream(path)) {
        if (js == null) {
          throw new IOException(path + " is not on the classpath");
        }
        return new String(js.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inline chart.js into the report", e);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
