package io.palisade.detector.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlInjectionDetectorTest {
  private final SqlInjectionDetector detector = new SqlInjectionDetector();

  /** The vulnerable way: the value pasted raw into the template at %s. */
  private static String embed(String template, String value) {
    return template.replace("%s", value);
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        // dialect, template, value
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE id=%s", "1 OR 1=1"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE id=%s", "1 OR 1"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE id=%s", "1;DROP TABLE t"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE id=%s", "1-1"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE id=%s", "1--"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE id=%s AND x=1", "1/*"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE name='%s'", "'--"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE name='%s'", "'"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE name='%s' AND pw='x'", "admin'--"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE name='%s'", "x'||'"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE name='%s'", "' OR '1'='1"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE name='%s'", "O'Brien"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t ORDER BY %s", "id;"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t ORDER BY %s", "(SELECT 1)"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE id IN (%s)", "1) OR (1=1"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE id IN (%s)", "1,2) UNION SELECT pw FROM users --"),
        Arguments.of(SqlDialect.H2, "SELECT * FROM t WHERE name='%s'", "x' UNION SELECT 1,2 --"),
        Arguments.of(SqlDialect.H2, "SELECT * FROM t WHERE name=$$%s$$", "x$$ OR 1=1 --"),
        Arguments.of(SqlDialect.MYSQL, "SELECT * FROM t WHERE id=%s", "1#"),
        Arguments.of(SqlDialect.MYSQL, "SELECT * FROM t WHERE id=%s", "1/*!UNION*/"),
        Arguments.of(SqlDialect.MYSQL, "SELECT * FROM t WHERE id=%s", "1 OR 1"),
        Arguments.of(SqlDialect.MYSQL, "SELECT * FROM t WHERE name='%s'", "'-- "),
        Arguments.of(SqlDialect.MYSQL, "SELECT * FROM t WHERE name='%s'", "'--"),
        Arguments.of(SqlDialect.MYSQL, "SELECT * FROM t WHERE name='%s'", "x'||'"),
        Arguments.of(SqlDialect.MYSQL, "SELECT * FROM t WHERE name=\"%s\"", "\" OR \"\"=\""),
        Arguments.of(SqlDialect.MYSQL, "SELECT * FROM `%s`", "t` WHERE 1=1 OR `a"),
        Arguments.of(SqlDialect.MYSQL, "SELECT * FROM t WHERE id=%s", "5--1"),
        // a '?' inside the payload must not buy the placeholder exemption
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE name='%s'", "'6334588?'||SLEEP(3)&&'1"),
        Arguments.of(SqlDialect.POSTGRESQL, "SELECT * FROM t WHERE id=%s", "1 OR '{}'::jsonb ? 'a'"),
        // two literals without a comma are not a list of data
        Arguments.of(SqlDialect.ANSI, "INSERT INTO c(body) VALUES ('%s')", "' '"),
        Arguments.of(SqlDialect.ANSI, "SELECT 1 FROM t WHERE a LIKE '%%s%'", "1'1"),
        Arguments.of(SqlDialect.MYSQL, "SELECT * FROM t WHERE id IN (%s)", "1\"OR-\"1"),
        Arguments.of(SqlDialect.MYSQL, "SELECT * FROM t WHERE id=%s AND a=1", "1#INF"),
        Arguments.of(SqlDialect.POSTGRESQL, "SELECT * FROM t WHERE name=$$%s$$", "x$$; DROP TABLE t; --"),
        Arguments.of(SqlDialect.POSTGRESQL, "SELECT * FROM t WHERE name=$q$%s$q$", "x$q$ OR true --"),
        Arguments.of(SqlDialect.POSTGRESQL, "SELECT * FROM t WHERE id=%s", "1::int OR 1=1"),
        Arguments.of(SqlDialect.POSTGRESQL, "SELECT * FROM t WHERE id=%s", "1 /* nested /* */"));
  }

  @ParameterizedTest(name = "[{0}] {2} in {1}")
  @MethodSource("attacks")
  void detectsAttacks(SqlDialect dialect, String template, String value) {
    String sql = embed(template, value);
    List<String> values = Arrays.asList("harmless", value);
    SqlFinding f = detector.detect(sql, dialect, values);
    assertThat(f).as(sql).isNotNull();
    assertThat(f.valueIndex()).isEqualTo(1);
    assertThat(sql.substring(f.start(), f.end())).isEqualTo(value);
    assertThat(f.reason()).startsWith("The value ");
    // seen again, the statement is judged through its cached profile and tokens: same verdict
    for (int repeat = 0; repeat < 2; repeat++) {
      assertThat(detector.detect(sql, dialect, values)).as(sql).hasToString(f.toString());
    }
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE id=%s", "42"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE id=%s", "-42"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE price=%s", "3.14"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE price=%s", "1e5"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE id IN (%s)", "1,2,3"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE id IN (%s)", "1, -2, 3.5"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE name IN (%s)", "'a','b'"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE name='%s'", "3 TO 6 MONTHS"),
        Arguments.of(SqlDialect.ANSI, "INSERT INTO posts(body) VALUES ('%s')", "SELECT * FROM users"),
        Arguments.of(SqlDialect.ANSI, "SELECT title FROM t WHERE title LIKE '%%s%'", "SELECT"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE email='%s'", "bob@example.com"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE url='%s'", "https://example.com/a?b=1&c=--2#x"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE doc='%s'", "{\"a\": [1, 2], \"b\": \"--/*\"}"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE note='%s'", "--"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE note='%s'", "a; b /* c */ # d"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE name=%s", "'abc'"),
        Arguments.of(SqlDialect.ANSI, "SELECT userid FROM t WHERE x='%s'", "id"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t ORDER BY %s", "title"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t ORDER BY %s", "title "),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE a = ? AND b = ?", "= ? AND b"),
        Arguments.of(SqlDialect.H2, "SELECT * FROM t WHERE name=$$%s$$", "it's"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE id=%s AND a=1", "1#INF"),
        Arguments.of(SqlDialect.H2, "SELECT * FROM t WHERE id=%s AND a=1", "TRUE#LAST"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t ORDER BY %s", "test\u2060test\u202b"),
        Arguments.of(SqlDialect.POSTGRESQL, "SELECT * FROM t WHERE name=%s", "'a', 'b'"),
        Arguments.of(SqlDialect.MYSQL, "SELECT * FROM t WHERE id=%s", "42"),
        Arguments.of(SqlDialect.MYSQL, "SELECT * FROM t WHERE name='%s'", "#hashtag"),
        Arguments.of(SqlDialect.MYSQL, "SELECT * FROM t WHERE name=\"%s\"", "it's"),
        Arguments.of(SqlDialect.MYSQL, "SELECT * FROM t WHERE name='%s'", "a--b"),
        Arguments.of(SqlDialect.POSTGRESQL, "SELECT * FROM t WHERE name='%s'", "C:\\temp\\"),
        Arguments.of(SqlDialect.POSTGRESQL, "SELECT * FROM t WHERE name=$$%s$$", "it's 'quoted'"),
        Arguments.of(SqlDialect.POSTGRESQL, "SELECT * FROM t WHERE d='%s'::date", "2024-01-01"));
  }

  @ParameterizedTest(name = "[{0}] {2} in {1}")
  @MethodSource("benign")
  void acceptsBenignLookAlikes(SqlDialect dialect, String template, String value) {
    String sql = embed(template, value);
    // the value must really occur in the statement, or the test could not fail
    assertThat(sql).contains(value);
    for (int sighting = 0; sighting < 3; sighting++) { // once searched directly, then through the profile
      assertThat(detector.detect(sql, dialect, Collections.singletonList(value))).as(sql).isNull();
    }
  }

  static Stream<Arguments> escaped() {
    return Stream.of(
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE name='O''Brien'", "O'Brien"),
        Arguments.of(SqlDialect.MYSQL, "SELECT * FROM t WHERE name='O\\'Brien'", "O'Brien"),
        Arguments.of(SqlDialect.ANSI, "SELECT * FROM t WHERE name=''' OR ''1''=''1'", "' OR '1'='1"),
        Arguments.of(SqlDialect.MYSQL, "SELECT * FROM t WHERE name='\\\\'' OR 1=1 -- '", "\\' OR 1=1 -- "),
        Arguments.of(SqlDialect.POSTGRESQL, "SELECT * FROM t WHERE name='\\'' OR 1=1 -- '", "\\' OR 1=1 -- "));
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("escaped")
  void properlyEscapedValuesAreBenign(SqlDialect dialect, String sql, String value) {
    for (int sighting = 0; sighting < 3; sighting++) {
      assertThat(detector.detect(sql, dialect, Collections.singletonList(value))).as(sql).isNull();
    }
  }

  @Test
  void mysqlBackslashTrickWhenTheAppOnlyDoublesQuotes() {
    String value = "\\' OR 1=1 -- ";
    String sql = "SELECT * FROM t WHERE name='" + value.replace("'", "''") + "'";
    SqlFinding f = detector.detect(sql, SqlDialect.MYSQL, Collections.singletonList(value));
    assertThat(f).isNotNull();
    assertThat(f.reason()).contains("quotes doubled");
    // in ANSI/PostgreSQL standard strings the backslash is plain data: the doubled quote holds
    assertThat(detector.detect(sql, SqlDialect.ANSI, Collections.singletonList(value))).isNull();
    assertThat(detector.detect(sql, SqlDialect.POSTGRESQL, Collections.singletonList(value))).isNull();
  }

  @Test
  void postgresEscapeStringBreakoutWhenTheAppOnlyDoublesQuotes() {
    String value = "\\' OR 1=1 --";
    String sql = "SELECT * FROM t WHERE name=E'" + value.replace("'", "''") + "'";
    assertThat(detector.detect(sql, SqlDialect.POSTGRESQL, List.of(value))).isNotNull();
    // the same value raw inside an E-string stays data
    assertThat(detector.detect("SELECT * FROM t WHERE name=E'x" + value + "'", SqlDialect.POSTGRESQL, List.of(value))).isNull();
  }

  @Test
  void mysqlBackslashTrickWhenTheAppBackslashEscapesQuotesOnly() {
    String value = "\\' OR 1=1 -- ";
    String sql = "SELECT * FROM t WHERE name='" + value.replace("'", "\\'") + "'";
    assertThat(detector.detect(sql, SqlDialect.MYSQL, Collections.singletonList(value))).isNotNull();
  }

  @Test
  void mysqlDashDashNeedsWhitespace() {
    // in MySQL '--x' is two minus operators inside a numeric expression, no comment
    assertThat(detector.detect("SELECT 1 FROM t WHERE a=5--1", SqlDialect.MYSQL, List.of("--1"))).isNotNull();
    assertThat(detector.detect("SELECT 1 FROM t WHERE a=5-- 1", SqlDialect.MYSQL, List.of("-- 1")).reason())
        .startsWith("The value opens a comment");
  }

  @Test
  void valueWhoseCaseTheApplicationChangedIsStillFound() {
    String value = "x%' OR 1=1 --";
    String lowered = "SELECT id FROM p WHERE LOWER(name) LIKE '%" + value.toLowerCase() + "%' ORDER BY id";
    SqlFinding f = detector.detect(lowered, SqlDialect.H2, List.of("desk", value));
    assertThat(f).isNotNull();
    assertThat(f.valueIndex()).isEqualTo(1);
    assertThat(f.reason()).startsWith("With its letters' case changed, the value ");
    assertThat(lowered.substring(f.start(), f.end())).isEqualTo(value.toLowerCase());
    String upper = "SELECT id FROM p WHERE code = '" + "abc' or 'a'='a".toUpperCase() + "'";
    assertThat(detector.detect(upper, SqlDialect.POSTGRESQL, List.of("abc' or 'a'='a"))).isNotNull();
  }

  @Test
  void shortValueWhoseCaseTheApplicationChangedIsStillFound() {
    // too short for a one-off statement's filter: searched for directly, in either case
    String sql = "SELECT * FROM t WHERE code='AB';DELETE FROM t";
    for (int sighting = 0; sighting < 3; sighting++) {
      SqlFinding f = detector.detect(new String(sql), SqlDialect.ANSI, List.of("EUR", "ab';"));
      assertThat(f).isNotNull();
      assertThat(f.valueIndex()).isEqualTo(1);
      assertThat(f.reason()).startsWith("With its letters' case changed, the value ends the statement");
    }
  }

  @Test
  void theCaseInsensitivePreCheckMissesNoOccurrenceThatLowerCasingFinds() {
    // what the detector's exact search would find must never be ruled out by the shortcut
    String alphabet = "abkKsSiIAB \u212a\u0130\u0131\u017f\u03a3\u03c3\u03c2\u00df\u00e9\u00c9\u00b5\u039c'=1_-?";
    java.util.Random random = new java.util.Random(5);
    int found = 0;
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sql = new StringBuilder();
      for (int i = 0, n = 5 + random.nextInt(40); i < n; i++) {
        sql.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      int start = random.nextInt(sql.length() - 1);
      String value = sql.substring(start, Math.min(sql.length(), start + 1 + random.nextInt(4)));
      value = random.nextBoolean() ? value.toUpperCase(java.util.Locale.ROOT) : value.toLowerCase(java.util.Locale.ROOT);
      if (value.isEmpty() || value.length() > sql.length()) {
        continue;
      }
      String foldedSql = sql.toString().toLowerCase(java.util.Locale.ROOT);
      String foldedValue = value.toLowerCase(java.util.Locale.ROOT);
      if (foldedSql.length() == sql.length() && foldedValue.length() == value.length()
          && foldedSql.contains(foldedValue)) {
        found++;
        assertThat(DirectSearch.mayOccurIgnoringCase(sql.toString(), value)).as("%s in %s", value, sql).isTrue();
      }
    }
    assertThat(found).isGreaterThan(5_000);
    assertThat(DirectSearch.mayOccurIgnoringCase("SELECT price FROM products WHERE currency = ?", "EUR")).isFalse();
    assertThat(DirectSearch.mayOccurIgnoringCase("SELECT price FROM products WHERE currency = 'eur'", "EUR")).isTrue();
    assertThat(DirectSearch.mayOccurIgnoringCase("SELECT id FROM t ORDER BY name", "DESC")).isFalse();
  }

  @Test
  void caseChangedBenignValuesStayBenign() {
    // one token either way: a lower-cased search term inside its literal, a keyword-like word
    assertThat(detector.detect("SELECT id FROM p WHERE LOWER(name) LIKE '%select * from desks%'", SqlDialect.H2,
        List.of("SELECT * FROM Desks"))).isNull();
    assertThat(detector.detect("SELECT id FROM p WHERE name = 'O''BRIEN'", SqlDialect.ANSI, List.of("O'Brien"))).isNull();
    assertThat(detector.detect("SELECT id FROM p ORDER BY name", SqlDialect.ANSI, List.of("NAME"))).isNull();
  }

  @Test
  void reasonsNameTheEvidence() {
    assertThat(detector.detect("SELECT * FROM t WHERE id=1 OR 1=1", SqlDialect.ANSI, List.of("1 OR 1=1")).reason())
        .isEqualTo("The value spans 5 SQL tokens (number, keyword OR, number, operator =, number), so it changed the statement's structure");
    assertThat(detector.detect("SELECT * FROM t WHERE id=1;DROP TABLE t", SqlDialect.ANSI, List.of("1;DROP TABLE t")).reason())
        .isEqualTo("The value ends the statement with ';' and starts another");
    assertThat(detector.detect("SELECT * FROM t WHERE name='x''", SqlDialect.ANSI, List.of("x'")).reason())
        .isEqualTo("The value leaves a string literal unterminated");
    assertThat(detector.detect("SELECT * FROM t WHERE id=1 -- x", SqlDialect.ANSI, List.of("-- x")).reason())
        .startsWith("The value opens a comment");
    assertThat(detector.detect("SELECT * FROM t WHERE id=1/*!UNION*/", SqlDialect.MYSQL, List.of("/*!UNION*/")).reason())
        .contains("executable comment");
  }

  @Test
  void spanAndIndexPointAtTheOffendingOccurrence() {
    String sql = "SELECT * FROM t WHERE a='1 OR 1' AND b=1 OR 1";
    SqlFinding f = detector.detect(sql, SqlDialect.ANSI, List.of("zzz", "1 OR 1"));
    assertThat(f.valueIndex()).isEqualTo(1);
    assertThat(f.start()).isEqualTo(sql.lastIndexOf("1 OR 1"));
    assertThat(f.end()).isEqualTo(sql.length());
  }

  @Test
  void valuesPreparedOnceServeEveryStatementOfTheRequest() {
    // the engine prepares a request's values once and checks each statement against them
    RequestValues prepared = RequestValues.of(List.of("Jonathan", "42", "1 OR 1=1", "O'Brien", "desc"));
    String attack = "SELECT * FROM t WHERE id=1 OR 1=1";
    String benign = "SELECT * FROM t WHERE id=42 AND name='O''Brien' ORDER BY name DESC";
    for (int sighting = 0; sighting < 3; sighting++) {
      SqlFinding found = detector.detect(attack, SqlDialect.ANSI, prepared);
      assertThat(found).isNotNull();
      assertThat(found.valueIndex()).isEqualTo(2);
      assertThat(found.reason()).isEqualTo(detector.detect(attack, SqlDialect.ANSI, prepared.list()).reason());
      assertThat(detector.detect(benign, SqlDialect.ANSI, prepared)).isNull();
      assertThat(detector.detect(new String(benign), SqlDialect.ANSI, prepared)).isNull();
    }
  }

  @Test
  void anAttackInAStatementSeenOnceIsFoundWhereverItStarts() {
    // statements seen once are sieved at every fourth position: an attack of each length (the shorter
    // ones searched for directly) at every alignment, among a request's other values
    List<String> attacks = List.of("1;--", "1 OR1", "1 OR 1", "1 OR 1=", "1 OR 1=1", "1 OR 1=1 --");
    for (String attack : attacks) {
      for (int pad = 0; pad < 8; pad++) {
        String sql = "SELECT * FROM t WHERE " + "a=1 AND ".substring(0, pad) + "id=" + attack;
        RequestValues values = RequestValues.of(List.of("Jonathan", "keep-alive", "42", attack, "en-US,en;q=0.5"));
        for (String sent : List.of(sql, sql.toLowerCase(java.util.Locale.ROOT))) {
          SqlFinding f = detector.detect(new String(sent), SqlDialect.ANSI, values);
          assertThat(f).as(sent).isNotNull();
          assertThat(f.valueIndex()).isEqualTo(3);
          assertThat(sent.substring(f.start(), f.end())).isEqualToIgnoringCase(attack);
        }
      }
    }
  }

  @Test
  void nothingToDoWithoutOccurrences() {
    assertThat(detector.detect("SELECT 1", SqlDialect.ANSI, List.of("x", "", "a much longer value than the statement"))).isNull();
    assertThat(detector.detect("SELECT 1", SqlDialect.ANSI, Collections.emptyList())).isNull();
    assertThat(detector.detect(null, null, (List<String>) null)).isNull();
    assertThat(detector.detect(null, null, (RequestValues) null)).isNull();
    assertThat(detector.detect("SELECT 1", SqlDialect.ANSI, Arrays.asList((String) null))).isNull();
  }
}
