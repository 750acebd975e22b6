package io.palisade.engine.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DistinctStringsTest {

  @Test
  void acceptsEachDistinctValueOnceThroughManyGrowths() {
    DistinctStrings set = new DistinctStrings();
    for (int i = 0; i < 5_000; i++) {
      assertThat(set.add("id-" + i)).isTrue();
    }
    for (int i = 0; i < 5_000; i++) {
      assertThat(set.add(new String("id-" + i))).as("equal, not identical").isFalse();
    }
    assertThat(set.add("Aa")).isTrue();
    assertThat(set.add("BB")).as("same hash code, different string").isTrue();
    assertThat(set.size()).isEqualTo(5_002);
  }
}
