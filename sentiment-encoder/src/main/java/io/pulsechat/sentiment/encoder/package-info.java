/**
 * The accurate model's encoder and the shipped accurate model: MiniLM-L6 (quantised ONNX, run
 * in-process by ONNX Runtime) behind {@link io.pulsechat.sentiment.SentenceEncoder}. A module of
 * its own because it brings about 130 MB of jars with native code, which the sentiment library
 * (and anything that only needs the fast model) must not carry.
 */
package io.pulsechat.sentiment.encoder;
