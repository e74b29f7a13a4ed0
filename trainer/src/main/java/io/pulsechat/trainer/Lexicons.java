package io.pulsechat.trainer;

import io.pulsechat.sentiment.Lexicon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the model's lexicon from the files in {@code datasets/lexicons} (see its README for
 * sources and licences): VADER, AFINN-165 and the Emoji Sentiment Ranking, each a separate source
 * so that the model learns how far to trust each one.
 */
public final class Lexicons {
  public static final String VADER = "vader_lexicon.tsv";
  public static final String AFINN = "afinn-165.tsv";
  public static final String EMOJI = "emoji-sentiment.tsv";
  /** Emoji seen fewer times than this in the ranking's tweets have too noisy a score. */
  private static final int MIN_EMOJI_OCCURRENCES = 5;

  private Lexicons() {
  }

  public static Lexicon load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new UserError("--lexicons " + dir + ": no such folder");
    }
    try {
      return build(dir);
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw new UserError("--lexicons " + dir + ": a lexicon file has a malformed line (" + e.getMessage() + ")", e);
    }
  }

  private static Lexicon build(Path dir) throws IOException {
    Lexicon.Builder builder = new Lexicon.Builder();
    builder.source("vader");
    for (String[] row : rows(dir.resolve(VADER))) {
      builder.add(row[0], Float.parseFloat(row[1]));
    }
    builder.source("afinn");
    for (String[] row : rows(dir.resolve(AFINN))) {
      // AFINN rates -5..5; VADER's scale is -4..4.
      builder.add(row[0], Float.parseFloat(row[1]) * 0.8f);
    }
    builder.source("emoji");
    for (String[] row : rows(dir.resolve(EMOJI))) {
      int occurrences = Integer.parseInt(row[1]);
      if (occurrences < MIN_EMOJI_OCCURRENCES) {
        continue;
      }
      StringBuilder emoji = new StringBuilder();
      for (String cp : row[0].split("-")) {
        emoji.appendCodePoint(Integer.parseInt(cp, 16));
      }
      // The ranking's sentiment score: mean polarity with a Laplace prior, -1..1, scaled to -4..4.
      double negative = Integer.parseInt(row[2]);
      double positive = Integer.parseInt(row[4]);
      builder.add(emoji.toString(), (float) (4 * (positive - negative) / (occurrences + 3)));
    }
    return builder.build();
  }

  private static List<String[]> rows(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UserError("--lexicons " + file.getParent() + ": no " + file.getFileName() + " in it");
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("\t"))
        .toList();
  }
}
