/**
 * What the gateway adds to Vert.x itself, for every package: continuing on the caller's
 * context. Knows no chat concept.
 */
package io.pulsechat.gateway.vertx;
