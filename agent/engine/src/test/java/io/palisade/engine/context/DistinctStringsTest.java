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
    String text = "{\"id-42\":\"id-4\"}";
    assertThat(set.find(text, 2, 7)).isEqualTo("id-42");
    assertThat(set.find(text, 10, 14)).isEqualTo("id-4");
    assertThat(set.find(text, 2, 6)).isEqualTo("id-4");
    assertThat(set.find(text, 1, 7)).isNull();
    assertThat(set.find(text, 3, 3)).isNull();
  }

  @Test
  void findsARegionAmongAFewValuesAsAmongMany() {
    DistinctStrings few = new DistinctStrings();
    assertThat(few.add("id-42")).isTrue();
    assertThat(few.add("id-4")).isTrue();
    assertThat(few.add(new String("id-4"))).isFalse();
    String text = "{\"id-42\":\"id-4\"}";
    assertThat(few.find(text, 2, 7)).isEqualTo("id-42");
    assertThat(few.find(text, 10, 14)).isEqualTo("id-4");
    assertThat(few.find(text, 1, 7)).isNull();
    assertThat(few.size()).isEqualTo(2);
  }
}
