/** The scenario a run follows: its validated settings and the scenario file that can hold them. */
package io.pulsechat.loadgen.scenario;
