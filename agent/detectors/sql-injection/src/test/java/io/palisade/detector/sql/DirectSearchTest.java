package io.palisade.detector.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DirectSearchTest {

  @Test
  void findsWhatStringIndexOfFinds() {
    // statements of letters and a few digits and marks, needles cut from them or made up, every start
    String alphabet = "SELECT abc_.,()='* 0123-?@%\u00e9\u4e2d";
    Random random = new Random(19);
    int found = 0;
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sql = new StringBuilder();
      for (int i = 0, n = 1 + random.nextInt(60); i < n; i++) {
        sql.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String needle;
      if (random.nextBoolean()) {
        int start = random.nextInt(sql.length());
        needle = sql.substring(start, Math.min(sql.length(), start + 1 + random.nextInt(6)));
      } else {
        StringBuilder made = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
          made.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        needle = made.toString();
      }
      int from = random.nextInt(sql.length() + 1);
      int expected = sql.toString().indexOf(needle, from);
      assertThat(DirectSearch.indexOf(sql.toString(), needle, from)).as("%s in %s from %d", needle, sql, from).isEqualTo(expected);
      found += expected >= 0 ? 1 : 0;
    }
    assertThat(found).isGreaterThan(5_000);
  }

  @Test
  void anchorsAtADigitOrARareMarkNeverAtALetter() {
    assertThat(DirectSearch.rareCharOffset("1017")).isZero();
    assertThat(DirectSearch.rareCharOffset("en-GB")).isEqualTo(2);
    assertThat(DirectSearch.rareCharOffset("user_name")).isEqualTo(-1);
    assertThat(DirectSearch.rareCharOffset("O'Brien")).isEqualTo(-1);
    assertThat(DirectSearch.rareCharOffset("M\u00fcller")).isEqualTo(-1);
  }
}
