package io.pulsechat.gateway.auth;

import java.util.List;

/**
 * The user a valid token names.
 *
 * @param user       the token's {@code sub}: the connection's user in every frame
 * @param name       what to show for it: the {@code name} claim, else {@code cognito:username}, else {@code sub}
 * @param roles      the global roles in the claim AUTH_ADMIN_CLAIM names ({@code roles} by default;
 *                   {@code cognito:groups} for Cognito's groups)
 * @param expiresAt  the token's {@code exp}, in milliseconds since the epoch
 */
public record Identity(String user, String name, List<String> roles, long expiresAt) {
}
