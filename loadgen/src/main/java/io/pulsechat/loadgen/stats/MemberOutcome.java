package io.pulsechat.loadgen.stats;

/** What one member received in a window: how many of its room's messages, and in which order. */
public record MemberOutcome(int room, long received, long digest) {
}
