package io.palisade.detector.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A statement checked once is lexed only around its occurrences, jumping over stretches that cannot
 * open a quote or comment. Whatever it jumps over, the tokens it gives must be the full lexer's.
 */
class OccurrenceLexerTest {
  /** Pieces that open, close or depend on what came before: quotes with prefixes, comments, '.5'. */
  private static final String[] PIECES = {
    "SELECT", "a", "o.id", "t1", " ", "  ", "\t", "\n", ",", "(", ")", "=", "<>", "->>", "-", "--", "-- x\n",
    "/*", "*/", "/*!", "#", "#x", "'", "''", "'it''s'", "E'", "e'\\'", "N'", "X'0f'", "U&'", "\\", "\\'",
    "\"", "\"q\"", "`", "$$", "$tag$", "$1", "a$b", "?", ":name", "::", ";", ".5", "1.5e-3", "1e", "42",
    "A#B", "@v", "@@x", "é", "\u00a0", "\ud83d\ude00", "0x1F", "b'1'",
  };

  @Test
  void theTokensAroundAnOccurrenceAreTheFullLexersTokens() {
    Random random = new Random(11);
    for (int round = 0; round < 4000; round++) {
      String sql = statement(random);
      for (SqlDialect dialect : SqlDialect.values()) {
        SqlTokens all = SqlLexer.lex(sql, dialect);
        // one occurrence at a time, from a fresh lexer
        for (int s = 0; s < sql.length(); s++) {
          int e = Math.min(sql.length(), s + 1 + random.nextInt(6));
          assertThat(window(new SqlLexer(sql, dialect), s, e)).as("%s [%d,%d) of %s", dialect, s, e, sql)
              .isEqualTo(overlapping(all, s, e));
        }
        // several occurrences left to right, the lexer resuming where it stopped
        SqlLexer lexer = new SqlLexer(sql, dialect);
        for (int s = random.nextInt(4); s < sql.length(); s = lexer.position() + random.nextInt(8)) {
          int e = Math.min(sql.length(), s + 1 + random.nextInt(6));
          assertThat(window(lexer, s, e)).as("%s resumed [%d,%d) of %s", dialect, s, e, sql)
              .isEqualTo(overlapping(all, s, e));
        }
      }
    }
  }

  @Test
  void occurrencesInAnyOrderGetTheFullLexersTokens() {
    Random random = new Random(5);
    for (int round = 0; round < 3000; round++) {
      String sql = statement(random);
      for (SqlDialect dialect : SqlDialect.values()) {
        SqlTokens all = SqlLexer.lex(sql, dialect);
        OccurrenceLexer occurrences = new OccurrenceLexer(sql, dialect, new StatementProfile(sql));
        // enough occurrences, in random order, to restart from the left and then to lex it all
        for (int k = 0; k < OccurrenceLexer.MAX_RESTARTS * 2 + 3; k++) {
          int s = random.nextInt(sql.length());
          int e = Math.min(sql.length(), s + 1 + random.nextInt(6));
          SqlTokens given = occurrences.around(s, e);
          assertThat(overlapping(given, s, e)).as("%s [%d,%d) of %s", dialect, s, e, sql)
              .isEqualTo(overlapping(all, s, e));
        }
      }
    }
  }

  @Test
  void anOccurrenceInsideAStringOpenedEarlierIsSeenInsideIt() {
    String sql = "SELECT id FROM t WHERE note = 'see x AND y' AND a = 1";
    int s = sql.indexOf("x AND y");
    SqlTokens window = new SqlTokens(sql, 4);
    SqlLexer lexer = new SqlLexer(sql, SqlDialect.ANSI);
    lexer.skipTowards(s);
    lexer.lexUntil(s, s + "x AND y".length(), window);
    assertThat(window.describe()).containsExactly("STRING:'see x AND y'");
  }

  @Test
  void theDetectorJudgesAOneOffStatementAsARepeatedOne() {
    SqlInjectionDetector detector = new SqlInjectionDetector();
    String template = "SELECT 'a -- b' AS c, x FROM t /* ' */ WHERE n = '%s' AND id = %s";
    List<String> values = List.of("1", "O'Brien", "x' OR 'a'='a", "2 OR 1=1");
    for (String name : new String[] {"O''Brien", "x' OR 'a'='a"}) {
      for (String id : new String[] {"1", "2 OR 1=1"}) {
        String repeated = template.replaceFirst("%s", name).replace("%s", id);
        detector.detect(repeated, SqlDialect.POSTGRESQL, values); // first sighting
        detector.detect(repeated, SqlDialect.POSTGRESQL, values); // now kept, fully lexed
        SqlFinding kept = detector.detect(repeated, SqlDialect.POSTGRESQL, values);
        SqlFinding oneOff = detector.detect(new String(repeated.toCharArray()), SqlDialect.POSTGRESQL, values);
        assertThat(String.valueOf(oneOff)).as(repeated).isEqualTo(String.valueOf(kept));
      }
    }
  }

  private static List<String> window(SqlLexer lexer, int s, int e) {
    SqlTokens out = new SqlTokens("", 4);
    lexer.skipTowards(s);
    lexer.lexUntil(s, e, out);
    List<String> spans = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      spans.add(out.type(i) + "[" + out.start(i) + "," + out.end(i) + ")" + (out.unterminated(i) ? "u" : "")
          + out.commentOpenerLength(i) + (out.executableComment(i) ? "x" : ""));
    }
    return spans;
  }

  private static List<String> overlapping(SqlTokens all, int s, int e) {
    List<String> spans = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (all.end(i) > s && all.start(i) < e) {
        spans.add(all.type(i) + "[" + all.start(i) + "," + all.end(i) + ")" + (all.unterminated(i) ? "u" : "")
            + all.commentOpenerLength(i) + (all.executableComment(i) ? "x" : ""));
      }
    }
    return spans;
  }

  private static String statement(Random random) {
    StringBuilder sb = new StringBuilder();
    int pieces = 1 + random.nextInt(24);
    for (int i = 0; i < pieces; i++) {
      sb.append(PIECES[random.nextInt(PIECES.length)]);
      if (random.nextInt(3) == 0) {
        sb.append(' ');
      }
    }
    return sb.toString();
  }
}
