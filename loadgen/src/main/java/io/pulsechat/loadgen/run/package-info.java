/** The coordinator of a run: connecting, steps with warm-up, window and drain, and the progress line. */
package io.pulsechat.loadgen.run;
