/**
 * The AWS SDK clients the gateway uses, built in one place with one policy on retries, and the
 * one back-off schedule for the retries the project does itself. Knows no chat concept.
 */
package io.pulsechat.gateway.aws;
