/**
 * Who may do what in a room, in token mode: private rooms and their members, the roles owner,
 * moderator and member, global roles from the token, and moderation (kick, ban, mute) with its
 * log and events. The rules live in the {@code store.AccessStore}; each node reads them through
 * a short-lived cache, and the room's owner shard removes kicked and banned members at once.
 */
package io.pulsechat.gateway.access;
