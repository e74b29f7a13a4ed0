/**
 * Many generators, one result: a coordinator hands each agent its share of the rooms, starts
 * them together, receives their per-second intervals and step results as JSON lines over TCP,
 * and merges them (counters summed, HdrHistograms added, never percentiles averaged) into one
 * report judged once.
 */
package io.pulsechat.loadgen.distributed;
