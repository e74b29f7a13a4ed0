/**
 * The hub's {@code Fleet} over Hazelcast: node ids, the cluster-wide maps that say who owns a
 * room or holds an API Gateway connection, members' snapshots and the takeover of a room whose
 * owner left (settling, who died with it), the one listener of node departures, and each node's
 * frame relay. It drives rooms only through commands and the {@code Takeover} it hands their
 * owners; it never touches a room's state or a socket, and knows no transport ({@code apigw}).
 */
package io.pulsechat.gateway.cluster;
