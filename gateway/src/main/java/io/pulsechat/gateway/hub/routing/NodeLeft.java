package io.pulsechat.gateway.hub.routing;

import java.util.Set;

/** A node left the fleet; {@code orphanedRooms} were owned by it, as far as this node knows. Local only. */
public record NodeLeft(String node, Set<String> orphanedRooms) {
}
