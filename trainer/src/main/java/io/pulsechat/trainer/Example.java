package io.pulsechat.trainer;

import io.pulsechat.sentiment.Label;

/** One labelled message. */
public record Example(String text, Label label) {
}
