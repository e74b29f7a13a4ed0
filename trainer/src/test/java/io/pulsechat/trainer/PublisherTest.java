package io.pulsechat.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.SentimentModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublisherTest {
  @Test
  void writesThePointerLastAndAnnouncesAfterIt(@TempDir Path dir) throws IOException {
    SentimentModel model = SentimentModels.loadDefault();
    Path file = dir.resolve("m.model");
    try (var in = SentimentModels.class.getResourceAsStream(SentimentModels.DEFAULT_RESOURCE)) {
      Files.write(file, in.readAllBytes());
    }
    Path report = Files.createDirectories(dir.resolve("report"));
    Files.writeString(report.resolve(Reports.JSON_FILE), "{\"model\": \"" + model.version() + "\"}");
    List<String> events = new ArrayList<>();
    ModelStore recording = new ModelStore() {
      @Override
      public void put(String key, byte[] bytes, String contentType) {
        events.add("put " + key);
      }

      @Override
      public String locate(String key) {
        return "mem://" + key;
      }
    };
    new Publisher(recording, detail -> events.add("announce " + detail)).publish(model, file, report);

    String prefix = model.version() + "/";
    assertThat(events).hasSize(4);
    assertThat(events.subList(0, 2)).containsExactly("put " + prefix + "model.bin", "put " + prefix + "eval.json");
    assertThat(events.get(2)).isEqualTo("put latest.json");
    assertThat(events.get(3)).startsWith("announce ").contains("\"pointer\":\"mem://latest.json\"")
        .contains("\"modelVersion\":\"" + model.version() + "\"");
  }

  @Test
  void localFolderReplacesThePointerWhole(@TempDir Path dir) throws IOException {
    LocalFolderStore store = new LocalFolderStore(dir);
    store.put("latest.json", "{\"v\":1}".getBytes(), "application/json");
    store.put("latest.json", "{\"v\":2}".getBytes(), "application/json");
    assertThat(Files.readString(dir.resolve("latest.json"))).isEqualTo("{\"v\":2}");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("latest.json");
    }
  }
}
