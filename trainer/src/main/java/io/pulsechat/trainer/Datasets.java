package io.pulsechat.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.sentiment.Label;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads labelled messages: TweetEval's paired files, and users' corrections as JSON lines. */
public final class Datasets {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEXT_SUFFIX = "_text.txt";

  private Datasets() {
  }

  /**
   * TweetEval format: {@code <split>_text.txt} (one message a line) and {@code <split>_labels.txt}
   * (0 negative, 1 neutral, 2 positive), aligned by line. Lines are trimmed: the rebuilt training
   * text lost upstream's trailing spaces, so trimming makes both copies equal.
   */
  public static List<Example> tweetEval(Path dir, String split) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new UserError("--data " + dir + ": no such folder");
    }
    Path textFile = dir.resolve(split + "_text.txt");
    Path labelFile = dir.resolve(split + "_labels.txt");
    if (!Files.isRegularFile(textFile) || !Files.isRegularFile(labelFile)) {
      throw new UserError("--split " + split + ": " + dir + " has no " + textFile.getFileName() + " and "
          + labelFile.getFileName() + "; its splits: " + String.join(", ", splits(dir)));
    }
    List<String> texts = Files.readAllLines(textFile, StandardCharsets.UTF_8);
    List<String> labels = Files.readAllLines(labelFile, StandardCharsets.UTF_8);
    if (texts.size() != labels.size()) {
      throw new UserError(textFile + " has " + texts.size() + " lines but " + labelFile + " has " + labels.size());
    }
    List<Example> out = new ArrayList<>(texts.size());
    Label[] byId = Label.values();
    for (int i = 0; i < texts.size(); i++) {
      String id = labels.get(i).trim();
      int label;
      try {
        label = Integer.parseInt(id);
      } catch (NumberFormatException e) {
        label = -1;
      }
      if (label < 0 || label >= byId.length) {
        throw new UserError(labelFile + " line " + (i + 1) + ": label must be 0, 1 or 2, was \"" + id + "\"");
      }
      out.add(new Example(texts.get(i).trim(), byId[label]));
    }
    return out;
  }

  /**
   * Users' corrections exported from the gateway, one JSON object a line:
   * {@code {"text":"so slow today","label":"negative"}}. The label is a name (negative, neutral,
   * positive) or a TweetEval id (0, 1, 2). Blank lines are skipped.
   */
  public static List<Example> feedback(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UserError("--feedback " + file + ": no such file");
    }
    List<Example> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      String where = file + " line " + (i + 1);
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new UserError(where + ": not JSON: " + e.getOriginalMessage(), e);
      }
      JsonNode text = node.get("text");
      JsonNode label = node.get("label");
      if (text == null || !text.isTextual() || label == null) {
        throw new UserError(where + ": expected {\"text\": string, \"label\": name or id}");
      }
      out.add(new Example(text.asText().trim(), parseLabel(label, where)));
    }
    return out;
  }

  /** The splits in {@code dir}: names with both a text and a labels file. */
  static List<String> splits(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString())
          .filter(name -> name.endsWith(TEXT_SUFFIX))
          .map(name -> name.substring(0, name.length() - TEXT_SUFFIX.length()))
          .filter(split -> Files.isRegularFile(dir.resolve(split + "_labels.txt")))
          .sorted()
          .toList();
    }
  }

  private static Label parseLabel(JsonNode label, String where) {
    if (label.isInt() && label.asInt() >= 0 && label.asInt() < 3) {
      return Label.values()[label.asInt()];
    }
    if (label.isTextual()) {
      try {
        return Label.fromWireName(label.asText().trim());
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    throw new UserError(where + ": label must be negative, neutral, positive or 0..2, was " + label);
  }
}
