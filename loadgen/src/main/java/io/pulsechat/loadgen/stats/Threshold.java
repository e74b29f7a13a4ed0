package io.pulsechat.loadgen.stats;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass/fail criterion on one measure of a step, written as in k6: {@code p99<100ms},
 * {@code loss==0}, {@code errors.rate_limited<=5}, {@code loss.rate<0.1%}. Latencies compare in
 * milliseconds (a unit of us, ms or s converts), rates as fractions (a % unit divides by 100).
 * {@code shape[1000+1].p99<100ms} (or {@code shape[2x1000+1]...}, as {@code --room-shapes}
 * writes it) judges only the rooms of that shape.
 *
 * @param shape the shape as written between the brackets, empty for the whole step
 */
public record Threshold(String expression, String metric, Op op, double value, String shape) {
  private static final Pattern SHAPE = Pattern.compile("(?:(\\d{1,9})x)?(\\d{1,9})\\+(\\d{1,9})");
  private static final Pattern FORM = Pattern.compile(
      "\\s*(?:shape\\[\\s*([^\\]]*?)\\s*\\]\\.)?([a-z][a-z0-9_]*(?:\\.[A-Za-z0-9_]+)?)\\s*(<=|>=|==|!=|<|>)\\s*([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*(us|ms|s|%)?\\s*");

  /** The comparisons a threshold may use. */
  public enum Op {
    LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!=");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    static Op of(String symbol) {
      for (Op op : values()) {
        if (op.symbol.equals(symbol)) {
          return op;
        }
      }
      throw new IllegalArgumentException(symbol);
    }

    boolean test(double actual, double bound) {
      return switch (this) {
        case LT -> actual < bound;
        case LE -> actual <= bound;
        case GT -> actual > bound;
        case GE -> actual >= bound;
        case EQ -> actual == bound;
        case NE -> actual != bound;
      };
    }
  }

  /** A threshold on the whole step. */
  public Threshold(String expression, String metric, Op op, double value) {
    this(expression, metric, op, value, "");
  }

  /** The shape's key, {@code MEMBERS+SENDERS}, or empty for the whole step. */
  public String shapeKey() {
    Matcher m = SHAPE.matcher(shape);
    return m.matches() ? m.group(2) + "+" + m.group(3) : "";
  }

  /**
   * Reads one expression.
   *
   * @throws IllegalArgumentException naming what is wrong and the measures there are
   */
  public static Threshold parse(String expression) {
    Matcher m = FORM.matcher(expression);
    if (!m.matches()) {
      throw new IllegalArgumentException("--threshold " + expression + " is not [shape[SHAPE].]METRIC OP NUMBER[UNIT],"
          + " e.g. p99<100ms or shape[2x1000+1].p99<100ms");
    }
    String shape = m.group(1) == null ? "" : m.group(1);
    String metric = m.group(2);
    Metric.Kind kind = Metric.kind(metric);
    if (kind == null) {
      throw new IllegalArgumentException("--threshold " + expression + ": unknown measure " + metric + "; known: "
          + Metric.NAMES);
    }
    if (m.group(1) != null && !SHAPE.matcher(shape).matches()) {
      throw new IllegalArgumentException("--threshold " + expression + ": shape[" + shape + "] is not a room shape"
          + " as --room-shapes writes it, COUNTxMEMBERS+SENDERS or MEMBERS+SENDERS, e.g. shape[2x1000+1]");
    }
    if (m.group(1) != null && !Metric.BY_SHAPE.contains(metric)) {
      throw new IllegalArgumentException("--threshold " + expression + ": " + metric + " is not measured by room"
          + " shape; by shape: " + String.join(" ", Metric.BY_SHAPE));
    }
    double number = Double.parseDouble(m.group(4));
    String unit = m.group(5);
    double value = switch (kind) {
      case LATENCY -> switch (unit == null ? "ms" : unit) {
        case "us" -> number / 1000;
        case "ms" -> number;
        case "s" -> number * 1000;
        default -> throw new IllegalArgumentException("--threshold " + expression + ": a latency takes us, ms or s");
      };
      case RATE -> {
        if (unit != null && !unit.equals("%")) {
          throw new IllegalArgumentException("--threshold " + expression + ": a rate is a fraction or a %");
        }
        yield unit == null ? number : number / 100;
      }
      case COUNT -> {
        if (unit != null) {
          throw new IllegalArgumentException("--threshold " + expression + ": " + metric + " is a plain number");
        }
        yield number;
      }
    };
    return new Threshold(expression.replaceAll("\\s+", ""), metric, Op.of(m.group(3)), value,
        shape.replaceAll("\\s+", ""));
  }

  /** Whether {@code actual} passes; a measure with no data (NaN) never does. */
  public boolean holds(double actual) {
    return !Double.isNaN(actual) && op.test(actual, value);
  }

  /** {@code actual} as the report shows it, with the unit the threshold compares in. */
  public String show(double actual) {
    if (Double.isNaN(actual)) {
      return "no data";
    }
    return switch (Metric.kind(metric)) {
      case LATENCY -> String.format(Locale.ROOT, "%.2f ms", actual);
      case RATE -> String.format(Locale.ROOT, "%.4f%%", actual * 100);
      case COUNT -> actual == Math.rint(actual) ? Long.toString((long) actual) : String.format(Locale.ROOT, "%.1f", actual);
    };
  }
}
