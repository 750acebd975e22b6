package io.palisade.engine.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Check latencies in nanoseconds, in buckets of about 12.5 % width (eight linear steps per power of
 * two), so percentiles cost one increment per check and a fixed 4 KiB, with no allocation.
 */
public final class LatencyHistogram {
  private static final int SUB_BUCKET_BITS = 3;
  private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
  private static final int BUCKETS = 64 * SUB_BUCKETS;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  public void record(long nanos) {
    counts.incrementAndGet(indexOf(Math.max(0, nanos)));
  }

  static int indexOf(long value) {
    if (value < SUB_BUCKETS) {
      return (int) value;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(value);
    int sub = (int) (value >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
    return exponent * SUB_BUCKETS + sub;
  }

  /** The largest value that falls into bucket {@code index}. */
  static long upperBoundOf(int index) {
    if (index < SUB_BUCKETS) {
      return index;
    }
    int exponent = index / SUB_BUCKETS;
    long sub = index % SUB_BUCKETS;
    long lower = (1L << exponent) + (sub << (exponent - SUB_BUCKET_BITS));
    return lower + (1L << (exponent - SUB_BUCKET_BITS)) - 1;
  }

  public long count() {
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      total += counts.get(i);
    }
    return total;
  }

  /**
   * The value at or below which {@code percentile} (0 to 100) of the recorded values fall, as the
   * upper bound of its bucket (at most 12.5 % above the true value); 0 when nothing was recorded.
   */
  public long percentile(double percentile) {
    long[] snapshot = new long[BUCKETS];
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      snapshot[i] = counts.get(i);
      total += snapshot[i];
    }
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(total * percentile / 100.0));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += snapshot[i];
      if (seen >= rank) {
        return upperBoundOf(i);
      }
    }
    return upperBoundOf(BUCKETS - 1);
  }
}
