package io.pulsechat.loadgen.scenario;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A scenario file: a {@code .json} object or a properties file whose keys are the long flag
 * names without their dashes ({@code rooms=2}, {@code "url": ["ws://a/ws", "ws://b/ws"]}).
 * Its values become the flags' defaults, so a flag on the command line overrides the file and
 * picocli converts and reports bad values the same way for both.
 */
public final class ScenarioFile implements CommandLine.IDefaultValueProvider {
  private final Path path;
  private final Map<String, String> values;
  private final String text;

  private ScenarioFile(Path path, Map<String, String> values, String text) {
    this.path = path;
    this.values = values;
    this.text = text;
  }

  public static ScenarioFile read(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("scenario file " + path + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read scenario file " + path + ": " + e.getMessage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (path.toString().endsWith(".json")) {
      JsonObject json;
      if (!text.isBlank() && !text.strip().startsWith("{")) {
        throw new IllegalArgumentException("scenario file " + path + " is not a JSON object {\"key\": value, ...}");
      }
      try {
        json = new JsonObject(text);
      } catch (DecodeException | ClassCastException e) {
        throw new IllegalArgumentException(jsonError(path, e));
      }
      json.forEach(entry -> values.put(entry.getKey(), flat(entry.getValue())));
    } else {
      Properties p = new Properties();
      try {
        p.load(new StringReader(text));
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException("scenario file " + path + " is not a properties file: " + e.getMessage());
      }
      p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).trim()));
    }
    return new ScenarioFile(path, values, text);
  }

  /** Jackson's complaint in one line, at the line and column where it stopped reading. */
  private static String jsonError(Path path, RuntimeException e) {
    if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
      return "scenario file " + path + ", line " + j.getLocation().getLineNr() + ", column "
          + j.getLocation().getColumnNr() + ": not valid JSON: " + j.getOriginalMessage().replaceAll("\\s+", " ");
    }
    return "scenario file " + path + " is not a JSON object {\"key\": value, ...}";
  }

  /**
   * Where {@code key} is set in the file, for messages about its value: {@code scenario file F,
   * line N, key "rooms"}; empty when the file does not set it.
   */
  public Optional<String> where(String key) {
    if (!values.containsKey(key)) {
      return Optional.empty();
    }
    return Optional.of("scenario file " + path + lineOf(key).map(n -> ", line " + n).orElse("") + ", key \"" + key
        + "\"");
  }

  /** The line that sets {@code key}, counted from 1. */
  private Optional<Long> lineOf(String key) {
    Pattern at = path.toString().endsWith(".json") ? Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:")
        : Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s*[=:\\s]");
    Matcher m = at.matcher(text);
    return m.find() ? Optional.of(text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1)
        : Optional.empty();
  }

  /** The known key nearest to {@code key} by edit distance, if it is a likely typo of it. */
  public static Optional<String> nearest(String key, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(key, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    // Two edits (a swapped pair of letters) from a key of four or more letters is still a typo.
    return bestDistance <= (key.length() >= 4 ? 2 : 1) ? Optional.ofNullable(best) : Optional.empty();
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String flat(Object value) {
    if (value instanceof JsonArray array) {
      List<String> parts = new ArrayList<>();
      array.forEach(v -> parts.add(String.valueOf(v)));
      return String.join(",", parts);
    }
    return String.valueOf(value);
  }

  /** Keys that name no option of {@code spec}: most likely typos, refused rather than ignored. */
  public List<String> unknownKeys(CommandLine.Model.CommandSpec spec, Set<String> notAllowed) {
    Set<String> known = new TreeSet<>();
    for (OptionSpec o : spec.options()) {
      known.add(o.longestName().replaceFirst("^-+", ""));
    }
    known.removeAll(notAllowed);
    List<String> unknown = new ArrayList<>();
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        unknown.add(key + lineOf(key).map(n -> " (line " + n + ")").orElse("")
            + nearest(key, known).map(k -> ", did you mean " + k + "?").orElse(""));
      }
    }
    return unknown;
  }

  public Path path() {
    return path;
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (argSpec instanceof OptionSpec option) {
      return values.get(option.longestName().replaceFirst("^-+", ""));
    }
    return null;
  }
}
