/** The reports of a run: the table on stdout, the JSON file and the self-contained HTML page. */
package io.pulsechat.loadgen.report;
