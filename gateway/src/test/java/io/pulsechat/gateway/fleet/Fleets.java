package io.pulsechat.gateway.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The fleets of one test: starts them, prints the tail of every node's log when the test fails
 * (while the nodes still run), and closes them after the test whatever happened.
 * Register with {@code @RegisterExtension}.
 */
public final class Fleets implements TestExecutionExceptionHandler, AfterEachCallback {
  private final List<Fleet> open = new ArrayList<>();

  public Fleet clustered(int size) {
    return track(Fleet.clustered(size));
  }

  public Fleet clustered(int size, Map<String, String> settings) {
    return track(Fleet.clustered(size, settings));
  }

  public Fleet single() {
    return track(Fleet.single());
  }

  private Fleet track(Fleet fleet) {
    open.add(fleet);
    return fleet;
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    for (Fleet fleet : open) {
      System.err.println("==== " + context.getDisplayName() + " failed; fleet " + fleet.clusterName() + ":\n"
          + fleet.logTails());
    }
    throw failure;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (Fleet fleet : open) {
      fleet.close();
    }
    open.clear();
  }
}
