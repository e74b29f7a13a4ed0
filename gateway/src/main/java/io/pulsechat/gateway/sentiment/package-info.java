/**
 * The sentiment model in use and its hot swap: where models are published (a folder or S3),
 * the watcher that loads a new one off the event loop, and the holder scorers read from.
 */
package io.pulsechat.gateway.sentiment;
