/**
 * Local stand-ins for the AWS services that have no local implementation, for rehearsing the
 * deployed shape on one machine: API Gateway's WebSocket API with the stack's routes, the real
 * $connect/$disconnect handlers and the @connections management API.
 */
package io.pulsechat.localaws;
