package io.palisade.detector.sql;

/**
 * Dialect-aware SQL lexer. Never throws: anything it does not recognise becomes a one-character
 * operator token, and an unclosed string, quoted identifier, dollar quote or block comment becomes
 * one token to the end of input, flagged unterminated. Every character of the input belongs to
 * exactly one token, and tokens are contiguous.
 */
public final class SqlLexer {
  private SqlLexer() {}

  public static SqlTokens lex(String sql, SqlDialect dialect) {
    if (sql == null) {
      sql = "";
    }
    if (dialect == null) {
      dialect = SqlDialect.ANSI;
    }
    SqlTokens out = new SqlTokens(sql, sql.length() / 3 + 4);
    final int n = sql.length();
    final boolean mysql = dialect == SqlDialect.MYSQL;
    final boolean pg = dialect == SqlDialect.POSTGRESQL;
    final boolean dollarQuotes = pg || dialect == SqlDialect.H2;
    // '#' is no operator in ANSI/H2; names such as A#B or #temp (Oracle, SQL Server, DB2) hold it
    final boolean hashInNames = dialect == SqlDialect.ANSI || dialect == SqlDialect.H2;
    int i = 0;
    SqlTokenType prev = null; // last non-whitespace, non-comment token type
    while (i < n) {
      char c = sql.charAt(i);
      int start = i;
      // whitespace and control characters
      if (c <= ' ') {
        while (i < n && sql.charAt(i) <= ' ') {
          i++;
        }
        out.add(SqlTokenType.WHITESPACE, start, i, 0);
        continue;
      }
      // line comments
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-'
          && (!mysql || i + 2 >= n || sql.charAt(i + 2) <= ' ')) {
        i = lineEnd(sql, i + 2);
        out.add(SqlTokenType.COMMENT, start, i, 2 << 1);
        continue;
      }
      if (c == '#' && mysql) {
        i = lineEnd(sql, i + 1);
        out.add(SqlTokenType.COMMENT, start, i, 1 << 1);
        continue;
      }
      // block comments
      if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        boolean executable = mysql && i + 2 < n && sql.charAt(i + 2) == '!';
        int flag = (executable ? (3 << 1) | SqlTokens.EXECUTABLE : 2 << 1);
        int depth = 1;
        int j = i + 2 + (executable ? 1 : 0);
        while (j < n && depth > 0) {
          char d = sql.charAt(j);
          if (d == '*' && j + 1 < n && sql.charAt(j + 1) == '/') {
            depth--;
            j += 2;
          } else if (pg && d == '/' && j + 1 < n && sql.charAt(j + 1) == '*') {
            depth++;
            j += 2;
          } else {
            j++;
          }
        }
        if (depth > 0) {
          flag |= SqlTokens.UNTERMINATED;
        }
        i = j;
        out.add(SqlTokenType.COMMENT, start, i, flag);
        continue;
      }
      // string literals, with prefixes
      if (c == '\'') {
        i = quoted(sql, i, '\'', mysql, out, SqlTokenType.STRING, start);
        prev = SqlTokenType.STRING;
        continue;
      }
      if (c == '"') {
        if (mysql) {
          i = quoted(sql, i, '"', true, out, SqlTokenType.STRING, start);
          prev = SqlTokenType.STRING;
        } else {
          i = quoted(sql, i, '"', false, out, SqlTokenType.QUOTED_IDENTIFIER, start);
          prev = SqlTokenType.QUOTED_IDENTIFIER;
        }
        continue;
      }
      if (c == '`' && (mysql || dialect == SqlDialect.H2)) {
        i = quoted(sql, i, '`', false, out, SqlTokenType.QUOTED_IDENTIFIER, start);
        prev = SqlTokenType.QUOTED_IDENTIFIER;
        continue;
      }
      if (i + 1 < n && sql.charAt(i + 1) == '\'' && isPrefix(c)) {
        char u = Character.toUpperCase(c);
        boolean backslash = mysql || (pg && u == 'E');
        SqlTokenType t = (u == 'X' || u == 'B') ? SqlTokenType.NUMBER : SqlTokenType.STRING;
        i = quoted(sql, i + 1, '\'', backslash, out, t, start);
        prev = t;
        continue;
      }
      if ((c == 'U' || c == 'u') && i + 2 < n && sql.charAt(i + 1) == '&' && sql.charAt(i + 2) == '\''
          && dialect != SqlDialect.MYSQL) {
        i = quoted(sql, i + 2, '\'', false, out, SqlTokenType.STRING, start);
        prev = SqlTokenType.STRING;
        continue;
      }
      // dollar quotes and $1 parameters
      if (c == '$') {
        if (dollarQuotes) {
          int tagEnd = dollarTagEnd(sql, i, pg);
          if (tagEnd > 0) {
            String tag = sql.substring(i, tagEnd);
            int close = sql.indexOf(tag, tagEnd);
            if (close < 0) {
              i = n;
              out.add(SqlTokenType.STRING, start, i, SqlTokens.UNTERMINATED);
            } else {
              i = close + tag.length();
              out.add(SqlTokenType.STRING, start, i, 0);
            }
            prev = SqlTokenType.STRING;
            continue;
          }
        }
        if (i + 1 < n && isDigit(sql.charAt(i + 1))) {
          i += 1;
          while (i < n && isDigit(sql.charAt(i))) {
            i++;
          }
          out.add(SqlTokenType.PARAMETER, start, i, 0);
          prev = SqlTokenType.PARAMETER;
          continue;
        }
      }
      // numbers
      if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1))
          && prev != SqlTokenType.WORD && prev != SqlTokenType.QUOTED_IDENTIFIER)) {
        i = number(sql, i);
        if (i < n && ((mysql && isWordPart(sql.charAt(i), true)) || (hashInNames && sql.charAt(i) == '#'))) {
          // MySQL identifiers may start with digits: 1abc is one identifier; in ANSI/H2 1#INF is one name-like token
          while (i < n && (isWordPart(sql.charAt(i), true) || (hashInNames && sql.charAt(i) == '#'))) {
            i++;
          }
          out.add(SqlTokenType.WORD, start, i, 0);
          prev = SqlTokenType.WORD;
        } else {
          out.add(SqlTokenType.NUMBER, start, i, 0);
          prev = SqlTokenType.NUMBER;
        }
        continue;
      }
      // words (keywords, identifiers, @variables); in ANSI and H2 '#' is a name character (Oracle,
      // SQL Server and DB2 names such as A#B or #temp; H2 rejects it, which cannot inject)
      if (hashInNames && c == '#') {
        i++;
        while (i < n && (isWordPart(sql.charAt(i), true) || sql.charAt(i) == '#')) {
          i++;
        }
        out.add(SqlTokenType.WORD, start, i, 0);
        prev = SqlTokenType.WORD;
        continue;
      }
      if (isWordStart(c, mysql) || (c == '@' && i + 1 < n && (isWordPart(sql.charAt(i + 1), true)
          || sql.charAt(i + 1) == '@'))) {
        i++;
        while (i < n && (isWordPart(sql.charAt(i), true) || (hashInNames && sql.charAt(i) == '#') || (c == '@' && sql.charAt(i) == '@' && i == start + 1))) {
          i++;
        }
        out.add(SqlTokenType.WORD, start, i, 0);
        prev = SqlTokenType.WORD;
        continue;
      }
      // parameters
      if (c == '?') {
        i++;
        while (i < n && isDigit(sql.charAt(i))) {
          i++;
        }
        out.add(SqlTokenType.PARAMETER, start, i, 0);
        prev = SqlTokenType.PARAMETER;
        continue;
      }
      if (c == ':' && i + 1 < n && isWordStart(sql.charAt(i + 1), false)
          && (i == 0 || sql.charAt(i - 1) != ':')) {
        i++;
        while (i < n && isWordPart(sql.charAt(i), false)) {
          i++;
        }
        out.add(SqlTokenType.PARAMETER, start, i, 0);
        prev = SqlTokenType.PARAMETER;
        continue;
      }
      if (c == ';') {
        out.add(SqlTokenType.TERMINATOR, start, ++i, 0);
        prev = SqlTokenType.TERMINATOR;
        continue;
      }
      if (c == '(' || c == ')' || c == ',' || c == '.') {
        out.add(SqlTokenType.PUNCTUATION, start, ++i, 0);
        prev = SqlTokenType.PUNCTUATION;
        continue;
      }
      i = operatorEnd(sql, i);
      out.add(SqlTokenType.OPERATOR, start, i, 0);
      prev = SqlTokenType.OPERATOR;
    }
    return out;
  }

  private static final String[] MULTI_CHAR_OPERATORS = {
    "<=>", "->>", "<=", ">=", "<>", "!=", "||", "&&", "::", ":=", "->", "<<", ">>"
  };

  private static int operatorEnd(String sql, int i) {
    for (String op : MULTI_CHAR_OPERATORS) {
      if (sql.startsWith(op, i)) {
        return i + op.length();
      }
    }
    char c = sql.charAt(i);
    if (Character.isHighSurrogate(c) && i + 1 < sql.length() && Character.isLowSurrogate(sql.charAt(i + 1))) {
      return i + 2;
    }
    return i + 1;
  }

  private static int lineEnd(String sql, int from) {
    int n = sql.length();
    int j = from;
    while (j < n) {
      char d = sql.charAt(j);
      if (d == '\n' || d == '\r') {
        break;
      }
      j++;
    }
    return j;
  }

  /**
   * Scans a quoted token whose opening quote is at {@code open}; doubling the quote escapes it, and
   * with {@code backslash} a backslash escapes the next character. Adds the token and returns its end.
   */
  private static int quoted(String sql, int open, char quote, boolean backslash, SqlTokens out,
      SqlTokenType type, int start) {
    int n = sql.length();
    int j = open + 1;
    while (j < n) {
      char d = sql.charAt(j);
      if (backslash && d == '\\') {
        j += 2;
        continue;
      }
      if (d == quote) {
        if (j + 1 < n && sql.charAt(j + 1) == quote) {
          j += 2;
          continue;
        }
        out.add(type, start, j + 1, 0);
        return j + 1;
      }
      j++;
    }
    out.add(type, start, n, SqlTokens.UNTERMINATED);
    return n;
  }

  /** Returns the end of a dollar-quote tag ($$ or $tag$) starting at i, or -1. */
  private static int dollarTagEnd(String sql, int i, boolean namedTags) {
    int n = sql.length();
    if (i + 1 < n && sql.charAt(i + 1) == '$') {
      return i + 2;
    }
    if (!namedTags || i + 1 >= n) {
      return -1;
    }
    char first = sql.charAt(i + 1);
    if (!(Character.isLetter(first) || first == '_')) {
      return -1;
    }
    int j = i + 2;
    while (j < n) {
      char d = sql.charAt(j);
      if (d == '$') {
        return j + 1;
      }
      if (!(Character.isLetterOrDigit(d) || d == '_')) {
        return -1;
      }
      j++;
    }
    return -1;
  }

  private static int number(String sql, int i) {
    int n = sql.length();
    char c = sql.charAt(i);
    if (c == '0' && i + 2 < n && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X')
        && isHex(sql.charAt(i + 2))) {
      int j = i + 2;
      while (j < n && isHex(sql.charAt(j))) {
        j++;
      }
      return j;
    }
    if (c == '0' && i + 2 < n && (sql.charAt(i + 1) == 'b' || sql.charAt(i + 1) == 'B')
        && (sql.charAt(i + 2) == '0' || sql.charAt(i + 2) == '1')) {
      int j = i + 2;
      while (j < n && (sql.charAt(j) == '0' || sql.charAt(j) == '1')) {
        j++;
      }
      return j;
    }
    int j = i;
    while (j < n && isDigit(sql.charAt(j))) {
      j++;
    }
    if (j < n && sql.charAt(j) == '.') {
      j++;
      while (j < n && isDigit(sql.charAt(j))) {
        j++;
      }
    }
    if (j < n && (sql.charAt(j) == 'e' || sql.charAt(j) == 'E')) {
      int k = j + 1;
      if (k < n && (sql.charAt(k) == '+' || sql.charAt(k) == '-')) {
        k++;
      }
      if (k < n && isDigit(sql.charAt(k))) {
        while (k < n && isDigit(sql.charAt(k))) {
          k++;
        }
        j = k;
      }
    }
    return j;
  }

  private static boolean isPrefix(char c) {
    switch (c) {
      case 'E': case 'e': case 'N': case 'n': case 'X': case 'x': case 'B': case 'b':
        return true;
      default:
        return false;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isWordStart(char c, boolean mysql) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (mysql && c == '$') || c >= 0x80;
  }

  /** Every non-ASCII character is an identifier character (MySQL and PostgreSQL agree). */
  private static boolean isWordPart(char c, boolean dollar) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_'
        || (dollar && c == '$') || c >= 0x80;
  }
}
