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
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
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

  private ScenarioFile(Path path, Map<String, String> values) {
    this.path = path;
    this.values = values;
  }

  public static ScenarioFile read(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read scenario file " + path + ": " + e.getMessage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (path.toString().endsWith(".json")) {
      JsonObject json;
      try {
        json = new JsonObject(text);
      } catch (DecodeException e) {
        throw new IllegalArgumentException("scenario file " + path + " is not a JSON object: " + e.getMessage());
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
    return new ScenarioFile(path, values);
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
        unknown.add(key);
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
