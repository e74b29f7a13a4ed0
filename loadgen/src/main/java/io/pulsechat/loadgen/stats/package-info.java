/**
 * Recording and accounting: per-event-loop counters and HdrHistogram recorders, sequence
 * tracking for duplicates and order, their merge into one result per step, and the verdict.
 */
package io.pulsechat.loadgen.stats;
