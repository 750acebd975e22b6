package io.palisade.detector.sql;

/**
 * Supplies, for one check, the tokens that overlap an occurrence of a request value in the statement.
 *
 * <p>A statement the application sends again has its tokens lexed once and kept in its profile. A
 * statement checked only once (SQL built anew for every request) would pay for lexing and storing
 * all of its tokens to judge a few characters. Here the lexer still goes from the statement's start,
 * as it must (a quote or comment opened earlier changes what the occurrence is), but it jumps over
 * stretches that cannot open one ({@link SqlLexer#skipTowards}), stores only the tokens that overlap
 * the occurrence and stops right after it. Later occurrences further on resume where it stopped; one
 * that lies before it (the next value's, say: values come in the request's order, not the
 * statement's) starts again from the left, and after {@link #MAX_RESTARTS} such restarts the whole
 * statement is lexed once, as for a kept statement, so that no check costs much more than that.
 *
 * <p>The tokens given are exactly {@link SqlLexer#lex}'s tokens for that span (same code path), and
 * valid until the next call. CONTRACT: not thread-safe; one per check.
 */
final class OccurrenceLexer {
  /** Restarts from the left before lexing the whole statement instead. */
  static final int MAX_RESTARTS = 3;

  private final String sql;
  private final SqlDialect dialect;
  private final StatementProfile profile;
  private SqlLexer lexer;
  private SqlTokens window;
  private SqlTokens whole;
  private int restarts;

  OccurrenceLexer(String sql, SqlDialect dialect, StatementProfile profile) {
    this.sql = sql;
    this.dialect = dialect;
    this.profile = profile;
  }

  /** Tokens holding at least every token that overlaps [start, end) of the statement. */
  SqlTokens around(int start, int end) {
    if (whole != null) {
      return whole;
    }
    boolean behind = lexer != null && start < lexer.position();
    if (profile.isKept() || behind && ++restarts > MAX_RESTARTS) {
      whole = profile.tokens(sql, dialect);
      return whole;
    }
    if (lexer == null || behind) {
      lexer = new SqlLexer(sql, dialect);
    }
    if (window == null) {
      window = new SqlTokens(sql, 8);
    } else {
      window.clear();
    }
    lexer.skipTowards(start);
    lexer.lexUntil(start, end, window);
    return window;
  }
}
