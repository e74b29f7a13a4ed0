package io.pulsechat.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** README's option table of the load generator lists exactly the options the command has. */
class ReadmeOptionsTest {

  @Test
  void theReadmeTableMatchesTheCommand() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("## Load generator"));
    section = section.substring(0, section.indexOf("\n## ", 3));
    List<String> documented = section.lines().filter(l -> l.startsWith("| `--"))
        .map(l -> l.substring(3, l.indexOf('`', 3))).toList();

    List<String> options = new CommandLine(new LoadgenCommand()).getCommandSpec().options().stream()
        .map(OptionSpec::longestName).filter(n -> !n.equals("--help") && !n.equals("--version")).toList();

    assertThat(documented).containsExactlyInAnyOrderElementsOf(options);
  }
}
