/** The max-rate search: steps of rising rate over one set of connections, to the highest that passes. */
package io.pulsechat.loadgen.search;
