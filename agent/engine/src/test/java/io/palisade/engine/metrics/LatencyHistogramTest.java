package io.palisade.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void percentilesAreWithinOneBucketOfTheTruth() {
    LatencyHistogram h = new LatencyHistogram();
    for (long v = 1; v <= 10_000; v++) {
      h.record(v * 100); // 100 ns .. 1 ms, uniform
    }
    assertThat(h.count()).isEqualTo(10_000);
    assertThat(h.percentile(50)).isBetween(500_000L, 562_500L);
    assertThat(h.percentile(99)).isBetween(990_000L, 1_113_750L);
    assertThat(h.percentile(100)).isBetween(1_000_000L, 1_125_000L);
  }

  @Test
  void bucketsCoverEveryValueExactlyOnce() {
    for (long v : new long[] {0, 1, 7, 8, 9, 15, 16, 17, 1000, 123_456_789L, Long.MAX_VALUE}) {
      int index = LatencyHistogram.indexOf(v);
      assertThat(LatencyHistogram.upperBoundOf(index)).isGreaterThanOrEqualTo(v);
      if (index > 0) {
        assertThat(LatencyHistogram.upperBoundOf(index - 1)).isLessThan(v);
      }
    }
  }

  @Test
  void emptyIsZero() {
    assertThat(new LatencyHistogram().percentile(99)).isZero();
  }
}
