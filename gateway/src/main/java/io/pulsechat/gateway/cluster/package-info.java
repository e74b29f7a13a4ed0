/**
 * A fleet of gateways on Hazelcast: node ids and departures, the cluster-wide maps that say who
 * owns a room or holds an API Gateway connection, members' snapshots, and each node's frame
 * relay. Implements the hub's routing interfaces; it never touches a room's state or a socket.
 */
package io.pulsechat.gateway.cluster;
