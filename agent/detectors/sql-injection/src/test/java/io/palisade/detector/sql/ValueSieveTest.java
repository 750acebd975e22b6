package io.palisade.detector.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueSieveTest {

  private static final String STATEMENT =
      "SELECT o.id, o.order_number, o.total_amount, c.email FROM orders o INNER JOIN customers c "
          + "ON c.id = o.customer_id WHERE o.customer_ref = ? AND o.deleted = FALSE ORDER BY o.created_at DESC";

  /** Values a real request carries, none of which occurs in {@link #STATEMENT} in any case. */
  private static final List<String> HEADERS = List.of(
      "jane.doe@example.com", "gzip, deflate, br", "127.0.0.1:8080", "keep-alive", "Jonathan", "no-cache",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36", "en-US,en;q=0.5", "XMLHttpRequest", "Schmidt",
      "3f2b9c1e-8d4a-4b6f-9e2a-7c5d1f0a9b8e", "navigate", "document", "created_at_asc", "Winterjacke");

  @Test
  void aValueThatOccursIsLeftToSearchWhereverItStartsAndWhateverItsCase() {
    Random random = new Random(13);
    int checked = 0;
    for (int round = 0; round < 300; round++) {
      String sql = StatementProfileTest.randomText(random, 10 + random.nextInt(300));
      String foldedSql = sql.toLowerCase(Locale.ROOT);
      int stride = 2 + round % (ValueSieve.MAX_STRIDE - 1);
      int shortest = ValueSieve.shortestSieved(stride);
      for (int start = 0; start + shortest <= sql.length(); start += 1 + random.nextInt(2)) {
        int end = Math.min(sql.length(), start + shortest + random.nextInt(9));
        String piece = sql.substring(start, end).replace('\'', 'x');
        List<String> candidates = new ArrayList<>();
        candidates.add(piece);
        candidates.add(piece.toUpperCase(Locale.ROOT));
        candidates.add(piece.toLowerCase(Locale.ROOT));
        for (String value : candidates) {
          // where the detector's own search would find it: the lower-cased value in the lower-cased statement
          String foldedValue = value.toLowerCase(Locale.ROOT);
          if (foldedSql.length() != sql.length() || foldedValue.length() != value.length()
              || !foldedSql.contains(foldedValue) || value.length() < shortest) {
            continue;
          }
          checked++;
          List<String> values = new ArrayList<>(HEADERS.subList(0, random.nextInt(HEADERS.size())));
          int index = random.nextInt(values.size() + 1);
          values.add(index, value);
          ValueSieve sieve = new ValueSieve(RequestValues.of(values), stride);
          assertThat(sieve.valuesToSearch(sql)).as("%s in %s, stride %d", value, sql, stride).contains(index);
        }
      }
    }
    assertThat(checked).isGreaterThan(20_000);
  }

  @Test
  void valuesThatDoNotOccurAreRarelyLeftToSearch() {
    assertThat(RequestValues.of(HEADERS).sieve().valuesToSearch(STATEMENT)).isEmpty();
    // 2,000 requests of 20 random six- to twelve-letter words, none in the statement: how many are
    // left to search for (each then costs a direct search; a piece the statement holds at a position
    // read passes the bits, and only the comparison there rules the value out)
    Random random = new Random(17);
    String folded = STATEMENT.toLowerCase(Locale.ROOT);
    int passed = 0;
    for (int request = 0; request < 2000; request++) {
      List<String> words = new ArrayList<>();
      while (words.size() < 20) {
        StringBuilder word = new StringBuilder();
        for (int i = 0, n = 6 + random.nextInt(7); i < n; i++) {
          word.append((char) ('a' + random.nextInt(26)));
        }
        if (!folded.contains(word)) {
          words.add(word.toString());
        }
      }
      passed += RequestValues.of(words).sieve().valuesToSearch(STATEMENT).length;
    }
    assertThat(passed).isZero();
  }

  @Test
  void shortValuesAndValuesWithAQuoteAreLeftForADirectSearch() {
    List<String> values = Arrays.asList("Jonathan", "42", null, "", "O'Brien", "desc", "created_at", "https", "1 OR 1");
    ValueSieve sieve = new ValueSieve(RequestValues.of(values), 4);
    assertThat(sieve.unsieved()).containsExactly(1, 4, 5, 7);
    assertThat(sieve.valuesToSearch("SELECT * FROM t ORDER BY CREATED_AT")).containsExactly(1, 4, 5, 6, 7);
    assertThat(sieve.valuesToSearch("SELECT * FROM t WHERE id = 1 or 1 AND n = 'Jonathan'")).containsExactly(0, 1, 4, 5, 7, 8);
    assertThat(sieve.valuesToSearch("SELECT * FROM t WHERE n = 'O''Brien' ORDER BY 42 DESC")).containsExactly(1, 4, 5, 7);
    ValueSieve everyOther = new ValueSieve(RequestValues.of(values), 2);
    assertThat(everyOther.unsieved()).containsExactly(1, 4);
    assertThat(everyOther.valuesToSearch("SELECT * FROM t WHERE n = 'O''Brien' ORDER BY 42 DESC")).containsExactly(1, 4, 5);
    ValueSieve none = RequestValues.of(List.of("42", "desc")).sieve();
    assertThat(none.valuesToSearch("SELECT 42 FROM t ORDER BY 1 DESC")).as("nothing to sieve").containsExactly(0, 1);
  }

  @Test
  void theStrideLeavesFewCostlySearches() {
    // values of six characters and more, or short ones found by a rare character: every fourth position
    assertThat(RequestValues.of(HEADERS).sieve().stride()).isEqualTo(4);
    assertThat(RequestValues.of(List.of("Jonathan", "1017", "?1", "en-GB", "keep-alive")).sieve().stride()).isEqualTo(4);
    // a five-letter word would be searched for by its first letter: every third sieves it
    assertThat(RequestValues.of(List.of("Jonathan", "https", "keep-alive")).sieve().stride()).isEqualTo(3);
    // two four-letter words: every other position
    assertThat(RequestValues.of(List.of("Jonathan", "desc", "dark", "keep-alive")).sieve().stride()).isEqualTo(2);
  }
}
