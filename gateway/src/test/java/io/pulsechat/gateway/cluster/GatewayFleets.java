package io.pulsechat.gateway.cluster;

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
public final class GatewayFleets implements TestExecutionExceptionHandler, AfterEachCallback {
  private final List<GatewayFleet> open = new ArrayList<>();

  public GatewayFleet clustered(int size) {
    return track(GatewayFleet.clustered(size));
  }

  public GatewayFleet clustered(int size, Map<String, String> settings) {
    return track(GatewayFleet.clustered(size, settings));
  }

  public GatewayFleet single() {
    return track(GatewayFleet.single());
  }

  private GatewayFleet track(GatewayFleet fleet) {
    open.add(fleet);
    return fleet;
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    for (GatewayFleet fleet : open) {
      System.err.println("==== " + context.getDisplayName() + " failed; fleet " + fleet.clusterName() + ":\n"
          + fleet.logTails());
    }
    throw failure;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (GatewayFleet fleet : open) {
      fleet.close();
    }
    open.clear();
  }
}
