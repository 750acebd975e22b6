package io.palisade.detector.sql;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Evidence-based SQL injection detection: a request value that occurs in the statement and whose
 * occurrence crosses a token boundary, brings a comment or a statement terminator, or leaves a
 * quoted token unterminated, changed the statement's structure.
 *
 * <p>Besides the raw value, the detector looks for the value as an application would commonly have
 * escaped it ({@code '} doubled, and in MySQL {@code '} backslash-escaped): escaping that forgets the
 * backslash lets {@code \'} break out of a MySQL string, and only the escaped form occurs in the SQL.
 * A value that occurs nowhere as it was sent is looked for once more ignoring case, since applications
 * often lower- or upper-case a search term before they paste it.
 *
 * <p>The common case is that no request value occurs at all, and it must cost little more than
 * reading the statement once. A statement the application sends again gets a profile (a case-folded
 * filter of its three-character pieces, kept with its tokens in a bounded cache), so that each value
 * costs a few bit tests rather than a search of the statement per value and letter case, and the
 * statement is lexed only once. A statement seen once (SQL built anew for each request) is read at
 * every fourth position (or third, or second, as the request's values make cheapest) against the
 * request's values, sieved once per request ({@link ValueSieve}), which leaves only the values that
 * may occur in it and the few too short to sieve. Those are searched
 * for directly, from a character of theirs that is rare in SQL, and ignoring case without lower-casing
 * the statement ({@link DirectSearch}); such a statement is lexed only as far as its occurrences,
 * storing only their tokens ({@link OccurrenceLexer}).
 *
 * <p>CONTRACT: thread-safe; its only state is that cache, which never changes a verdict.
 */
public final class SqlInjectionDetector {
  private static final int MAX_LISTED_TOKENS = 6;
  private static final int UNKNOWN = -1;
  private static final int DOUBLED = 1;
  private static final int BACKSLASHED = 2;
  /** Distinct statements whose profile is kept (about 1.5 KiB each; see {@link StatementProfiles}). */
  private static final int PROFILE_CACHE_CAPACITY = 2048;

  private final StatementProfiles profiles = new StatementProfiles(PROFILE_CACHE_CAPACITY);

  /**
   * Returns evidence that one of {@code values} changed the structure of {@code sql}, or null.
   * {@link SqlFinding#valueIndex()} indexes {@code values}. A caller that checks several statements
   * against the same values prepares them once ({@link RequestValues#of}) and calls the other form.
   */
  public SqlFinding detect(String sql, SqlDialect dialect, List<String> values) {
    if (values == null || values.isEmpty()) {
      return null;
    }
    return detect(sql, dialect, RequestValues.of(values));
  }

  /** {@link #detect(String, SqlDialect, List)} for values prepared once for all of a request's statements. */
  public SqlFinding detect(String sql, SqlDialect dialect, RequestValues values) {
    if (sql == null || values == null || sql.isEmpty() || values.size() == 0) {
      return null;
    }
    if (dialect == null) {
      dialect = SqlDialect.ANSI;
    }
    final int n = sql.length();
    StatementProfile profile = profiles.kept(sql);
    StatementSearch search = null; // made for the first value left to search for
    if (profile != null) {
      // Sent again: its filter ignores case, so when it rules a value out, no form of it occurs in any
      // case (unless the value holds a quote: an escaped form of it still could).
      int shortestJudged = profile.shortestJudged();
      for (int vi = 0, size = values.size(); vi < size; vi++) {
        String value = values.value(vi);
        if (value == null || value.isEmpty() || value.length() > n) {
          continue;
        }
        boolean ruledOut = value.length() >= shortestJudged && !profile.mayContain(values, vi);
        if (ruledOut && !values.hasQuote(vi)) {
          continue;
        }
        if (search == null) {
          search = new StatementSearch(sql, dialect, profile);
        }
        SqlFinding finding = search.find(values, vi, ruledOut);
        if (finding != null) {
          return finding;
        }
      }
      return null;
    }
    // Seen once: no filter of its own is worth building; the request's values, sieved once, pick the
    // few to search for from a read of a part of the statement's pieces.
    for (int vi : values.sieve().valuesToSearch(sql)) {
      String value = values.value(vi);
      if (value.length() > n) {
        continue;
      }
      if (search == null) {
        search = new StatementSearch(sql, dialect, new StatementProfile(sql));
      }
      SqlFinding finding = search.find(values, vi, false);
      if (finding != null) {
        return finding;
      }
    }
    return null;
  }

  /**
   * The searches of one statement for the values its filter or the sieve left, with what they share:
   * the statement's escaped quotes, its lower-cased text, its tokens around the occurrences.
   */
  private static final class StatementSearch {
    private final String sql;
    private final SqlDialect dialect;
    private final StatementProfile profile;
    private int escapes = UNKNOWN; // looked for when a value with a quote needs them
    private OccurrenceLexer occurrences;
    private String foldedSql;

    StatementSearch(String sql, SqlDialect dialect, StatementProfile profile) {
      this.sql = sql;
      this.dialect = dialect;
      this.profile = profile;
    }

    /**
     * Evidence that value {@code vi} changed the statement's structure, raw, escaped or case-changed,
     * or null. {@code rawRuledOut}: the filter found it cannot occur as sent, in any case.
     */
    SqlFinding find(RequestValues values, int vi, boolean rawRuledOut) {
      String value = values.value(vi);
      int n = sql.length();
      if (rawRuledOut && escapes() == 0) {
        return null; // nor can an escaped form of it occur
      }
      // A value with letters is searched for ignoring case first: that search covers the exact one,
      // and most values occur in no case at all.
      boolean mayOccurInSomeCase = false;
      if (values.hasCasedLetter(vi) && !values.hasQuote(vi)) {
        if (!DirectSearch.mayOccurIgnoringCase(sql, value)) {
          return null;
        }
        mayOccurInSomeCase = true;
      }
      boolean rawOccurs = false;
      for (int form = 0; form < 3; form++) {
        String needle;
        if (form == 0) {
          needle = value;
        } else {
          if (!values.hasQuote(vi) || escapes() == 0) {
            break;
          }
          if (form == 1) {
            if ((escapes() & DOUBLED) == 0) {
              continue; // no doubled quote anywhere: the escaped form cannot occur
            }
            needle = value.replace("'", "''");
          } else if ((escapes() & BACKSLASHED) != 0) {
            needle = value.replace("'", "\\'");
          } else {
            break;
          }
          if (needle.length() > n) {
            continue;
          }
        }
        int len = needle.length();
        int from = 0;
        int idx;
        while ((idx = DirectSearch.indexOf(sql, needle, from)) >= 0) {
          if (form == 0) {
            rawOccurs = true;
          }
          String reason = classify(occurrences().around(idx, idx + len), idx, idx + len, dialect);
          if (reason != null) {
            if (form == 1) {
              reason = "Even with its quotes doubled, the value " + reason.substring("The value ".length());
            } else if (form == 2) {
              reason = "Even with its quotes backslash-escaped, the value " + reason.substring("The value ".length());
            }
            return new SqlFinding(vi, idx, idx + len, reason);
          }
          from = idx + 1;
        }
      }
      // The application may have changed the value's case before pasting it (LOWER(name) LIKE '%...%'
      // with a lower-cased search term is common): the raw value is then nowhere in the statement.
      if (!rawOccurs && values.hasCasedLetter(vi)
          && (mayOccurInSomeCase || DirectSearch.mayOccurIgnoringCase(sql, value))) {
        if (foldedSql == null) {
          foldedSql = sql.toLowerCase(Locale.ROOT);
        }
        String foldedValue = value.toLowerCase(Locale.ROOT);
        // Only where folding keeps every index (it does for all but a few non-ASCII letters).
        if (foldedSql.length() == n && foldedValue.length() == value.length()) {
          int len = foldedValue.length();
          int from = 0;
          int idx;
          while ((idx = foldedSql.indexOf(foldedValue, from)) >= 0) {
            String reason = classify(occurrences().around(idx, idx + len), idx, idx + len, dialect);
            if (reason != null) {
              return new SqlFinding(vi, idx, idx + len,
                  "With its letters' case changed, the value " + reason.substring("The value ".length()));
            }
            from = idx + 1;
          }
        }
      }
      return null;
    }

    /**
     * Which escaped quotes the statement holds ({@link #DOUBLED}, and {@link #BACKSLASHED} where the
     * dialect reads a backslash as an escape), looked for the first time a value with a quote asks.
     */
    private int escapes() {
      if (escapes == UNKNOWN) {
        escapes = (profile.hasDoubledQuote(sql) ? DOUBLED : 0)
            | (dialect == SqlDialect.MYSQL && profile.hasBackslashQuote(sql) ? BACKSLASHED : 0);
      }
      return escapes;
    }

    private OccurrenceLexer occurrences() {
      if (occurrences == null) {
        occurrences = new OccurrenceLexer(sql, dialect, profile);
      }
      return occurrences;
    }
  }

  /** Returns why the occurrence [s,e) changed the structure, or null when it is benign. */
  static String classify(SqlTokens t, int s, int e, SqlDialect dialect) {
    int first = t.indexAt(s);
    int last = t.indexAt(e - 1);
    // a terminator or a comment opener inside the span is always structure
    for (int k = first; k <= last; k++) {
      SqlTokenType type = t.type(k);
      if (type == SqlTokenType.TERMINATOR) {
        return "The value ends the statement with ';' and starts another";
      }
      if (type == SqlTokenType.COMMENT) {
        int os = t.start(k);
        int oe = os + t.commentOpenerLength(k);
        if (s < oe && e > os) {
          return t.executableComment(k)
              ? "The value opens a MySQL executable comment '/*!', whose content the server runs"
              : "The value opens a comment (" + t.sql().substring(os, oe) + "), hiding the rest of the statement";
        }
      }
    }
    while (first < last && t.type(first) == SqlTokenType.WHITESPACE) {
      first++;
    }
    while (last > first && t.type(last) == SqlTokenType.WHITESPACE) {
      last--;
    }
    if (first == last) {
      if (t.unterminated(first)) {
        return "The value leaves " + describeQuoted(t.type(first)) + " unterminated";
      }
      return null;
    }
    if (isLiteralList(t, first, last)) {
      return null;
    }
    if (dialect != SqlDialect.POSTGRESQL && containsPlaceholder(t, first, last)
        && !isQuoted(t.type(first)) && !isQuoted(t.type(last))) {
      // The occurrence covers a JDBC placeholder the application wrote: the value matched the
      // application's own SQL text (e.g. "= ? AND"), not text it inserted. An injected '?' could
      // not bind: the statement fails on its parameter count, or as a syntax error where '?' is
      // no operator (not PostgreSQL, whose jsonb '?' operator is valid SQL). A value that breaks
      // out of a quoted token (an edge token is a string) never gets this exemption.
      return null;
    }
    StringBuilder sb = new StringBuilder("The value spans ");
    int count = 0;
    for (int k = first; k <= last; k++) {
      if (t.type(k) != SqlTokenType.WHITESPACE) {
        count++;
      }
    }
    sb.append(count).append(" SQL tokens (");
    int listed = 0;
    for (int k = first; k <= last && listed < MAX_LISTED_TOKENS; k++) {
      if (t.type(k) == SqlTokenType.WHITESPACE) {
        continue;
      }
      if (listed > 0) {
        sb.append(", ");
      }
      sb.append(describe(t, k));
      listed++;
    }
    if (count > listed) {
      sb.append(", ...");
    }
    sb.append("), so it changed the statement's structure");
    return sb.toString();
  }

  private static boolean isQuoted(SqlTokenType type) {
    return type == SqlTokenType.STRING || type == SqlTokenType.QUOTED_IDENTIFIER || type == SqlTokenType.COMMENT;
  }

  private static boolean containsPlaceholder(SqlTokens t, int first, int last) {
    for (int k = first; k <= last; k++) {
      if (t.type(k) == SqlTokenType.PARAMETER && t.sql().charAt(t.start(k)) == '?') {
        return true;
      }
    }
    return false;
  }

  /**
   * Literals separated by commas (whitespace allowed): {@code 1,2,3}, {@code 'a', 'b'}, {@code -1, 2.5}.
   * Two literals without a comma between them are not a list ({@code 'a' 'b'}, {@code 1"x"1}).
   */
  private static boolean isLiteralList(SqlTokens t, int first, int last) {
    boolean expectLiteral = true;
    for (int k = first; k <= last; k++) {
      SqlTokenType type = t.type(k);
      switch (type) {
        case WHITESPACE:
          continue;
        case NUMBER:
        case STRING:
          if (t.unterminated(k) || !expectLiteral) {
            return false;
          }
          expectLiteral = false;
          continue;
        case PUNCTUATION:
          if (t.sql().charAt(t.start(k)) != ',' || expectLiteral && k != first) {
            return false;
          }
          expectLiteral = true;
          continue;
        case OPERATOR:
          char c = t.sql().charAt(t.start(k));
          if (expectLiteral && (c == '-' || c == '+') && t.end(k) - t.start(k) == 1
              && k < last && t.type(k + 1) == SqlTokenType.NUMBER) {
            continue; // a sign
          }
          return false;
        default:
          return false;
      }
    }
    return true;
  }

  private static String describeQuoted(SqlTokenType type) {
    switch (type) {
      case STRING:
        return "a string literal";
      case QUOTED_IDENTIFIER:
        return "a quoted identifier";
      case COMMENT:
        return "a comment";
      case NUMBER:
        return "a hex or bit literal";
      default:
        return "a quoted token";
    }
  }

  private static String describe(SqlTokens t, int k) {
    String text = t.text(k);
    switch (t.type(k)) {
      case WORD:
        String upper = text.toUpperCase(Locale.ROOT);
        return KEYWORDS.contains(upper) ? "keyword " + upper : "identifier";
      case NUMBER:
        return "number";
      case STRING:
        return t.unterminated(k) ? "unterminated string" : "string";
      case QUOTED_IDENTIFIER:
        return "quoted identifier";
      case COMMENT:
        return "comment";
      case OPERATOR:
        return "operator " + abbreviate(text);
      case PUNCTUATION:
        return "'" + text + "'";
      case TERMINATOR:
        return "';'";
      case PARAMETER:
        return "parameter";
      default:
        return t.type(k).name().toLowerCase(Locale.ROOT);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 4 ? s : s.substring(0, 4) + "...";
  }

  private static final Set<String> KEYWORDS = new HashSet<>(Arrays.asList(
      "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "UNION", "ALL", "INSERT", "INTO", "VALUES",
      "UPDATE", "SET", "DELETE", "DROP", "CREATE", "ALTER", "TABLE", "EXEC", "EXECUTE", "ORDER",
      "BY", "GROUP", "HAVING", "LIMIT", "OFFSET", "LIKE", "IN", "IS", "NULL", "AS", "JOIN", "ON",
      "CASE", "WHEN", "THEN", "ELSE", "END", "SLEEP", "BENCHMARK", "WAITFOR", "DELAY", "IF",
      "XOR", "DIV", "MOD", "BETWEEN", "EXISTS", "ASC", "DESC", "DISTINCT", "TRUNCATE", "GRANT",
      "LOAD_FILE", "OUTFILE", "DUMPFILE", "CAST", "CONVERT", "CHAR", "CONCAT", "TRUE", "FALSE",
      "PG_SLEEP", "DECLARE", "SHUTDOWN", "PROCEDURE", "INFORMATION_SCHEMA"));
}
