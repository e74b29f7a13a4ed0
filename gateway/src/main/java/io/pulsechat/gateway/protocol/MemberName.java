package io.pulsechat.gateway.protocol;

/**
 * What to show for a member whose display name is not its user (a token's name claim): the
 * {@code names} of a {@code joined} frame.
 */
public record MemberName(String user, String name) {
}
