package io.pulsechat.gateway.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Caps the distinct values any one tag of any one meter may take: past {@code maxValues}, new
 * values become {@value #OVERFLOW} and are counted in {@code pulsechat.meter.tag.values.capped}.
 * A backstop: every tag the gateway sets has a bounded set of values by construction, and this
 * keeps a mistake (or a tag some library derives from input) from growing the registry without end.
 */
public final class TagValueCap implements MeterFilter {
  public static final String OVERFLOW = "_other";

  private final int maxValues;
  private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();
  private final LongAdder capped = new LongAdder();

  private TagValueCap(int maxValues) {
    this.maxValues = maxValues;
  }

  /** Installs the cap on {@code registry}; call before any meter is registered. */
  public static void install(MeterRegistry registry, int maxValues) {
    TagValueCap cap = new TagValueCap(maxValues);
    registry.config().meterFilter(cap);
    FunctionCounter.builder("pulsechat.meter.tag.values.capped", cap.capped, LongAdder::sum)
        .description("meter tag values replaced by " + OVERFLOW + " because the tag had too many distinct values")
        .register(registry);
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    List<Tag> tags = id.getTags();
    List<Tag> bounded = null;
    for (int i = 0; i < tags.size(); i++) {
      Tag tag = tags.get(i);
      if (!admit(id.getName() + '\u001f' + tag.getKey(), tag.getValue())) {
        if (bounded == null) {
          bounded = new ArrayList<>(tags);
        }
        bounded.set(i, Tag.of(tag.getKey(), OVERFLOW));
        capped.increment();
      }
    }
    return bounded == null ? id : id.replaceTags(bounded);
  }

  private boolean admit(String meterTag, String value) {
    Set<String> values = seen.computeIfAbsent(meterTag, k -> ConcurrentHashMap.newKeySet());
    if (values.contains(value)) {
      return true;
    }
    synchronized (values) {
      if (values.size() >= maxValues) {
        return false;
      }
      values.add(value);
      return true;
    }
  }
}
