package io.palisade.detector.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatementProfileTest {

  private static final String STATEMENT =
      "SELECT o.id, o.order_number, o.total_amount, c.email FROM orders o INNER JOIN customers c "
          + "ON c.id = o.customer_id WHERE o.customer_ref = ? AND o.deleted = FALSE ORDER BY o.created_at DESC";

  @Test
  void everyPieceOfTheStatementMayOccur() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      String sql = randomText(random, 20 + random.nextInt(400));
      StatementProfile profile = new StatementProfile(sql, true);
      String foldedSql = sql.toLowerCase(java.util.Locale.ROOT);
      assertThat(profile.shortestJudged()).isEqualTo(StatementProfile.GRAM);
      for (int start = 0; start < sql.length(); start += 1 + random.nextInt(3)) {
        for (int end = start + profile.shortestJudged(); end <= sql.length(); end += 1 + random.nextInt(7)) {
          String piece = sql.substring(start, end);
          assertThat(profile.mayContain(piece)).as("%s in %s", piece, sql).isTrue();
          // the application may have changed the case of what it pasted: the filter ignores case
          // (where the detector's search would find it: the lower-cased value in the lower-cased statement)
          for (String changed : List.of(piece.toUpperCase(java.util.Locale.ROOT), piece.toLowerCase(java.util.Locale.ROOT))) {
            String foldedValue = changed.toLowerCase(java.util.Locale.ROOT);
            if (foldedSql.length() == sql.length() && foldedValue.length() == changed.length()
                && foldedSql.startsWith(foldedValue, start)) {
              assertThat(profile.mayContain(changed)).as("%s in %s", changed, sql).isTrue();
            }
          }
        }
      }
    }
  }

  @Test
  void valuesPreparedOnceAnswerForStatementsOfEverySize() {
    // one request, statements from 30 to 3,000 characters (filters of different sizes)
    Random random = new Random(3);
    List<String> statements = new java.util.ArrayList<>();
    for (int length : new int[] {30, 300, 700, 3000}) {
      statements.add(randomText(random, length));
    }
    List<String> pieces = new java.util.ArrayList<>();
    for (String sql : statements) {
      for (int i = 0; i < 40; i++) {
        int start = random.nextInt(sql.length() - 12);
        pieces.add(sql.substring(start, start + 4 + random.nextInt(9)));
      }
    }
    RequestValues prepared = RequestValues.of(pieces);
    for (int pass = 0; pass < 2; pass++) { // the second pass answers from the memo
      for (String sql : statements) {
        StatementProfile profile = new StatementProfile(sql, true);
        for (int i = 0; i < pieces.size(); i++) {
          if (sql.contains(pieces.get(i))) {
            assertThat(profile.mayContain(prepared, i)).as("%s in %s", pieces.get(i), sql).isTrue();
          }
        }
      }
    }
  }

  @Test
  void valuesThatDoNotOccurAreAlmostAlwaysRuledOut() {
    List<String> absent = List.of(
        "jane.doe@example.com", "gzip, deflate, br", "127.0.0.1:8080", "keep-alive", "Jonathan", "no-cache",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36", "en-US,en;q=0.5", "XMLHttpRequest", "Schmidt",
        "3f2b9c1e-8d4a-4b6f-9e2a-7c5d1f0a9b8e", "navigate", "document", "created_at_desc", "Winterjacke");
    StatementProfile profile = new StatementProfile(STATEMENT, true);
    long passed = absent.stream().filter(profile::mayContain).count();
    assertThat(passed).isLessThanOrEqualTo(1);
    assertThat(profile.mayContain("customer_ref")).isTrue();
    assertThat(profile.mayContain("o.id, o.order_number")).isTrue();
    assertThat(profile.mayContain("ustomer_ref")).isTrue();
    assertThat(profile.mayContain("FROM")).isTrue();
    assertThat(profile.mayContain("ROM ")).isTrue();
  }

  @Test
  void aKeptProfileRarelyLetsAnAbsentValuePass() {
    // 2,000 random four- to twelve-letter words, none in the statement: the filter's false yes rate
    Random random = new Random(11);
    int passed = 0;
    int tried = 0;
    while (tried < 2000) {
      StringBuilder word = new StringBuilder();
      for (int i = 0, n = 4 + random.nextInt(9); i < n; i++) {
        word.append((char) ('a' + random.nextInt(26)));
      }
      if (STATEMENT.toLowerCase(java.util.Locale.ROOT).contains(word)) {
        continue;
      }
      tried++;
      passed += new StatementProfile(STATEMENT, true).mayContain(word.toString()) ? 1 : 0;
    }
    assertThat(passed).isLessThan(10);
  }

  @Test
  void aValueTheApplicationLowerCasedMayOccur() {
    String value = "X%' OR 1=1 --";
    String sql = "SELECT id FROM products WHERE LOWER(name) LIKE '%" + value.toLowerCase(java.util.Locale.ROOT) + "%'";
    assertThat(new StatementProfile(sql, true).mayContain(value)).isTrue();
    String greek = "ΟΔΟΣ ΚΑΙ ΣΑΣ";
    String greekSql = "SELECT 1 FROM t WHERE lower(s) = '" + greek.toLowerCase(java.util.Locale.ROOT) + "'";
    assertThat(greek.toLowerCase(java.util.Locale.ROOT)).contains("ς"); // the final sigma
    assertThat(new StatementProfile(greekSql, true).mayContain(greek)).isTrue();
  }

  @Test
  void escapedQuotesAreNoticed() {
    String doubled = "SELECT 1 FROM t WHERE n = 'O''Brien'";
    assertThat(new StatementProfile(doubled).hasDoubledQuote(doubled)).isTrue();
    String backslashed = "SELECT 1 FROM t WHERE n = 'O\\'Brien'";
    assertThat(new StatementProfile(backslashed).hasBackslashQuote(backslashed)).isTrue();
    String plainSql = "SELECT 1 FROM t WHERE n = 'x'";
    StatementProfile plain = new StatementProfile(plainSql);
    assertThat(plain.hasDoubledQuote(plainSql)).isFalse();
    assertThat(plain.hasBackslashQuote(plainSql)).isFalse();
  }

  @Test
  void tokensAreLexedOncePerDialect() {
    StatementProfile profile = new StatementProfile(STATEMENT);
    SqlTokens first = profile.tokens(STATEMENT, SqlDialect.POSTGRESQL);
    assertThat(profile.tokens(STATEMENT, SqlDialect.POSTGRESQL)).isSameAs(first);
    SqlTokens mysql = profile.tokens(STATEMENT, SqlDialect.MYSQL);
    assertThat(mysql).isNotSameAs(first);
    assertThat(mysql.describe()).isEqualTo(SqlLexer.lex(STATEMENT, SqlDialect.MYSQL).describe());
  }

  @Test
  void theCacheStaysBoundedAndKeepsStatementsInUse() {
    StatementProfiles profiles = new StatementProfiles(64);
    String hot = STATEMENT;
    assertThat(profiles.kept(hot)).as("first sighting: judged as seen once").isNull();
    assertThat(profiles.size()).isZero();
    StatementProfile hotProfile = profiles.kept(hot);
    assertThat(hotProfile).isNotNull();
    assertThat(hotProfile.isKept()).isTrue();
    assertThat(profiles.kept(hot)).as("kept from the second sighting on").isSameAs(hotProfile);
    for (int i = 0; i < 10_000; i++) {
      String repeated = "SELECT * FROM t WHERE id = " + i;
      assertThat(profiles.kept(repeated)).isNull();
      StatementProfile kept = profiles.kept(repeated);
      assertThat(kept).isNotNull();
      assertThat(profiles.kept(repeated)).isSameAs(kept);
      assertThat(profiles.kept(hot)).isSameAs(hotProfile);
      assertThat(profiles.size()).isLessThanOrEqualTo(64);
    }
  }

  @Test
  void anEqualStatementBuiltAnewIsAOneOff() {
    StatementProfiles profiles = new StatementProfiles(64);
    for (int i = 0; i < 10; i++) {
      assertThat(profiles.kept(new String(STATEMENT))).isNull();
    }
    assertThat(profiles.size()).isZero();
  }

  @Test
  void aVeryLongStatementIsNeverKept() {
    StatementProfiles profiles = new StatementProfiles(64);
    String huge = "INSERT INTO t VALUES " + "(1, 'x'), ".repeat(3000) + "(2, 'y')";
    assertThat(profiles.kept(huge)).isNull();
    assertThat(profiles.kept(huge)).isNull();
    assertThat(profiles.size()).isZero();
  }

  static String randomText(Random random, int length) {
    // with letters whose other case lies outside Latin-1 or folds oddly (Kelvin sign, Y with diaeresis,
    // sharp s, micro sign, sigmas, dotless i); not the dotted capital I, which lower-cases to two
    // characters, so that the detector never compares case-changed text holding one
    String alphabet = "abcdefgSELCTWHR _',;()=*-/#\\\"0123456789\u00e9\u00c9\u4e2d"
        + "kK\u212a\u00ff\u0178\u00df\u1e9e\u00b5\u039c\u03bc\u03a3\u03c3\u03c2\u0131@`";
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
