/**
 * What the gateway adds to Vert.x itself, for every package: continuing on the caller's
 * context, and the choice of the network transport Vert.x runs on. Knows no chat concept.
 */
package io.pulsechat.gateway.vertx;
