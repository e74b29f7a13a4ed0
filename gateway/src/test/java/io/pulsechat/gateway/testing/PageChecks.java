package io.pulsechat.gateway.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What every screen of the browser client must pass: axe-core's serious rules, and phone-sized tap targets. */
public final class PageChecks {
  private static final Path AXE = Path.of("src", "test", "browser", "node_modules", "axe-core", "axe.min.js");

  private PageChecks() {
  }

  /** axe-core's script; the calling test is skipped when it is not installed. */
  public static String axeSource() throws IOException {
    assumeTrue(Files.isReadable(AXE), "axe-core is not installed: run npm ci --prefix gateway/src/test/browser"
        + " (scripts/test-all.sh does)");
    return Files.readString(AXE);
  }

  /** Violations of impact serious or critical, as "rule: target" lines, found by axe-core run in the page. */
  @SuppressWarnings("unchecked")
  public static List<String> seriousViolations(Page page, String axeSource) {
    // evaluate runs through the debugging protocol: the page's CSP stays as served
    page.evaluate("source => { if (!window.axe) (0, eval)(source); }", axeSource);
    Object found = page.evaluate("async () => (await window.axe.run(document, { resultTypes: ['violations'] }))"
        + ".violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
        + ".flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ')))");
    return (List<String>) found;
  }

  /**
   * Visible buttons and fields smaller than 44 x 44 CSS pixels; a field inside its label is
   * tapped through the label (a checkbox), so the label is measured.
   */
  @SuppressWarnings("unchecked")
  public static List<String> tooSmallTapTargets(Page page) {
    return (List<String>) page.evaluate("() => [...document.querySelectorAll('button, input, textarea, select')]"
        + ".filter(e => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden')"
        + ".map(e => [e, (e.closest('label') ?? e).getBoundingClientRect()])"
        + ".filter(([, r]) => r.width < 43.5 || r.height < 43.5)"
        + ".map(([e, r]) => (e.id || e.className || e.tagName) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))");
  }
}
