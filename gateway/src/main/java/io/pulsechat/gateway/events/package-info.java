/**
 * Chat events for the outside world (EventBridge, or the log): message created, sentiment
 * alert. Publishing never blocks or fails a chat command; the hub only hands events over.
 */
package io.pulsechat.gateway.events;
