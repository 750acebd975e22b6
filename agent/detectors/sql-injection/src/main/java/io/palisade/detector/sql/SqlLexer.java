package io.palisade.detector.sql;

/**
 * Dialect-aware SQL lexer. Never throws: anything it does not recognise becomes a one-character
 * operator token, and an unclosed string, quoted identifier, dollar quote or block comment becomes
 * one token to the end of input, flagged unterminated. Every character of the input belongs to
 * exactly one token, and tokens are contiguous.
 *
 * <p>{@link #lex} returns all tokens. The detector also uses an instance as a cursor over a statement
 * it checks once ({@link #skipTowards}, {@link #lexUntil}), to get the tokens around an occurrence
 * without storing the others. CONTRACT: {@link #lex} is thread-safe; an instance is for one thread.
 */
public final class SqlLexer {
  private final String sql;
  private final int n;
  private final SqlDialect dialect;
  private final boolean mysql;
  private final boolean pg;
  private final boolean dollarQuotes;
  // '#' is no operator in ANSI/H2; names such as A#B or #temp (Oracle, SQL Server, DB2) hold it
  private final boolean hashInNames;
  /** Where the next token starts. Together with {@link #prev}, all the state the lexer carries. */
  private int pos;
  /** Type of the last non-whitespace, non-comment token (a '.' then digit after a name is no number). */
  private SqlTokenType prev;
  // the token next() scanned: its type and flags (its end is next()'s answer)
  private SqlTokenType tokenType;
  private int tokenFlag;

  /**
   * A lexer positioned at the start of {@code sql}: {@link #lexUntil} advances it, so the tokens of
   * an occurrence can be had without storing (or allocating) the tokens before it.
   */
  SqlLexer(String sql, SqlDialect dialect) {
    this.sql = sql == null ? "" : sql;
    this.n = this.sql.length();
    this.dialect = dialect == null ? SqlDialect.ANSI : dialect;
    this.mysql = this.dialect == SqlDialect.MYSQL;
    this.pg = this.dialect == SqlDialect.POSTGRESQL;
    this.dollarQuotes = pg || this.dialect == SqlDialect.H2;
    this.hashInNames = this.dialect == SqlDialect.ANSI || this.dialect == SqlDialect.H2;
  }

  public static SqlTokens lex(String sql, SqlDialect dialect) {
    SqlLexer lexer = new SqlLexer(sql, dialect);
    SqlTokens out = new SqlTokens(lexer.sql, lexer.n / 3 + 4);
    lexer.lexUntil(0, lexer.n, out);
    return out;
  }

  /** Where the next token starts: every token before it has been lexed. */
  int position() {
    return pos;
  }

  /**
   * Lexes on from {@link #position()} up to the first token that starts at or after {@code until},
   * adding to {@code out} only the tokens that end after {@code keepFrom}; the others are scanned
   * exactly as {@link #lex} scans them, so the tokens added are the ones {@link #lex} returns.
   */
  void lexUntil(int keepFrom, int until, SqlTokens out) {
    int i = pos;
    while (i < n && i < until) {
      int start = i;
      i = next(start);
      if (i > keepFrom) {
        out.add(tokenType, start, i, tokenFlag);
      }
    }
    pos = i;
  }

  /**
   * Moves to a token start at or before {@code target} as {@link #lex} would reach it, lexing only
   * where it must. Lexing from the start is what finds a quote or comment opened earlier; but a string,
   * quoted identifier, comment or dollar quote is always opened by one of the characters in
   * {@link #OPENERS} (at its start, or after a one- or two-letter prefix such as {@code E'} or
   * {@code U&'}). So where a stretch holds none of them, nothing in it is quoted: a whitespace character
   * there is a whitespace token, and the character after it starts a token. The lexer jumps to the last
   * such start that is neither a comment nor a {@code .5} (the only token that depends on the previous
   * one), and lexes tokens only from there through the next opener. It never passes {@code target}.
   */
  void skipTowards(int target) {
    while (pos < target) {
      int restart = -1;
      int k = pos;
      for (; k < target; k++) {
        char c = sql.charAt(k);
        if (c < 128 && OPENERS[c]) {
          break;
        }
        if (c <= ' ' && k + 1 < n) {
          char d = sql.charAt(k + 1);
          if (d > ' ' && d != '.' && !(d < 128 && OPENERS[d])) {
            restart = k + 1;
          }
        }
      }
      if (restart > pos) {
        pos = restart;
        prev = null; // not read: the token at pos is no '.5', and sets prev for the next one
      }
      if (k >= target) {
        return;
      }
      // lex through the opener at k, for real: it may open something that runs far
      while (pos <= k) {
        SqlTokenType before = prev;
        int end = next(pos);
        if (end > target) {
          prev = before; // the token holds target: lexUntil lexes it again
          return;
        }
        pos = end;
      }
    }
  }

  /** Scans the token that starts at {@code i}: sets {@link #tokenType}, {@link #tokenFlag}, {@link #prev}; returns its end. */
  private int next(int i) {
    char c = sql.charAt(i);
    int start = i;
    tokenFlag = 0;
    // the most common token first: a name or keyword. A letter before a quote or '&' may start a
    // prefixed string (E'..', N'..', U&'..'): those take the general path below.
    if (c < 128 && NAME_START[c]
        && (i + 1 >= n || sql.charAt(i + 1) != '\'' && sql.charAt(i + 1) != '&')) {
      i++;
      while (i < n && (isNamePart(sql.charAt(i)) || (hashInNames && sql.charAt(i) == '#'))) {
        i++;
      }
      return ended(SqlTokenType.WORD, i);
    }
    // whitespace and control characters
    if (c <= ' ') {
      while (i < n && sql.charAt(i) <= ' ') {
        i++;
      }
      tokenType = SqlTokenType.WHITESPACE;
      return i;
    }
    // line comments
    if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-'
        && (!mysql || i + 2 >= n || sql.charAt(i + 2) <= ' ')) {
      tokenType = SqlTokenType.COMMENT;
      tokenFlag = 2 << 1;
      return lineEnd(sql, i + 2);
    }
    if (c == '#' && mysql) {
      tokenType = SqlTokenType.COMMENT;
      tokenFlag = 1 << 1;
      return lineEnd(sql, i + 1);
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
      tokenType = SqlTokenType.COMMENT;
      tokenFlag = flag;
      return j;
    }
    // string literals, with prefixes
    if (c == '\'') {
      return quoted(i, '\'', mysql, SqlTokenType.STRING);
    }
    if (c == '"') {
      return mysql
          ? quoted(i, '"', true, SqlTokenType.STRING)
          : quoted(i, '"', false, SqlTokenType.QUOTED_IDENTIFIER);
    }
    if (c == '`' && (mysql || dialect == SqlDialect.H2)) {
      return quoted(i, '`', false, SqlTokenType.QUOTED_IDENTIFIER);
    }
    if (i + 1 < n && sql.charAt(i + 1) == '\'' && isPrefix(c)) {
      char u = Character.toUpperCase(c);
      boolean backslash = mysql || (pg && u == 'E');
      SqlTokenType t = (u == 'X' || u == 'B') ? SqlTokenType.NUMBER : SqlTokenType.STRING;
      return quoted(i + 1, '\'', backslash, t);
    }
    if ((c == 'U' || c == 'u') && i + 2 < n && sql.charAt(i + 1) == '&' && sql.charAt(i + 2) == '\''
        && dialect != SqlDialect.MYSQL) {
      return quoted(i + 2, '\'', false, SqlTokenType.STRING);
    }
    // dollar quotes and $1 parameters
    if (c == '$') {
      if (dollarQuotes) {
        int tagEnd = dollarTagEnd(sql, i, pg);
        if (tagEnd > 0) {
          String tag = sql.substring(i, tagEnd);
          int close = sql.indexOf(tag, tagEnd);
          tokenType = SqlTokenType.STRING;
          prev = SqlTokenType.STRING;
          if (close < 0) {
            tokenFlag = SqlTokens.UNTERMINATED;
            return n;
          }
          return close + tag.length();
        }
      }
      if (i + 1 < n && isDigit(sql.charAt(i + 1))) {
        i += 1;
        while (i < n && isDigit(sql.charAt(i))) {
          i++;
        }
        return ended(SqlTokenType.PARAMETER, i);
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
        return ended(SqlTokenType.WORD, i);
      }
      return ended(SqlTokenType.NUMBER, i);
    }
    // words (keywords, identifiers, @variables); in ANSI and H2 '#' is a name character (Oracle,
    // SQL Server and DB2 names such as A#B or #temp; H2 rejects it, which cannot inject)
    if (hashInNames && c == '#') {
      i++;
      while (i < n && (isWordPart(sql.charAt(i), true) || sql.charAt(i) == '#')) {
        i++;
      }
      return ended(SqlTokenType.WORD, i);
    }
    if (isWordStart(c, mysql) || (c == '@' && i + 1 < n && (isWordPart(sql.charAt(i + 1), true)
        || sql.charAt(i + 1) == '@'))) {
      i++;
      while (i < n && (isWordPart(sql.charAt(i), true) || (hashInNames && sql.charAt(i) == '#') || (c == '@' && sql.charAt(i) == '@' && i == start + 1))) {
        i++;
      }
      return ended(SqlTokenType.WORD, i);
    }
    // parameters
    if (c == '?') {
      i++;
      while (i < n && isDigit(sql.charAt(i))) {
        i++;
      }
      return ended(SqlTokenType.PARAMETER, i);
    }
    if (c == ':' && i + 1 < n && isWordStart(sql.charAt(i + 1), false)
        && (i == 0 || sql.charAt(i - 1) != ':')) {
      i++;
      while (i < n && isWordPart(sql.charAt(i), false)) {
        i++;
      }
      return ended(SqlTokenType.PARAMETER, i);
    }
    if (c == ';') {
      return ended(SqlTokenType.TERMINATOR, i + 1);
    }
    if (c == '(' || c == ')' || c == ',' || c == '.') {
      return ended(SqlTokenType.PUNCTUATION, i + 1);
    }
    return ended(SqlTokenType.OPERATOR, operatorEnd(sql, i));
  }

  /** A token that counts as the previous one for the next '.': sets both and returns {@code end}. */
  private int ended(SqlTokenType type, int end) {
    tokenType = type;
    prev = type;
    return end;
  }

  private static final String[] MULTI_CHAR_OPERATORS = {
    "<=>", "->>", "<=", ">=", "<>", "!=", "||", "&&", "::", ":=", "->", "<<", ">>"
  };

  private static int operatorEnd(String sql, int i) {
    char first = sql.charAt(i);
    // most operators ('=', '*', '+') begin no longer one: skip the comparisons for them
    boolean mayBeLonger = first == '<' || first == '>' || first == '-' || first == '!' || first == '|'
        || first == '&' || first == ':';
    for (int k = 0; mayBeLonger && k < MULTI_CHAR_OPERATORS.length; k++) {
      String op = MULTI_CHAR_OPERATORS[k];
      if (sql.startsWith(op, i)) {
        return i + op.length();
      }
    }
    if (Character.isHighSurrogate(first) && i + 1 < sql.length() && Character.isLowSurrogate(sql.charAt(i + 1))) {
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
   * with {@code backslash} a backslash escapes the next character. Returns its end.
   */
  private int quoted(int open, char quote, boolean backslash, SqlTokenType type) {
    tokenType = type;
    prev = type;
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
        return j + 1;
      }
      j++;
    }
    tokenFlag = SqlTokens.UNTERMINATED;
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

  /**
   * The characters that open a token that may hold whitespace (a string, quoted identifier, comment or
   * dollar quote), in any dialect: {@code ' " ` - / # $}. Also in other tokens ({@code ->}, {@code a$b},
   * {@code A#B}), where lexing them costs only a little.
   */
  private static final boolean[] OPENERS = new boolean[128];
  /** ASCII letters and '_': a name starts with one in every dialect (the word branch of next()). */
  private static final boolean[] NAME_START = new boolean[128];
  /** ASCII characters {@code isWordPart(c, true)} accepts. */
  private static final boolean[] NAME_PART = new boolean[128];

  static {
    for (char c : "'\"`-/#$".toCharArray()) {
      OPENERS[c] = true;
    }
    for (char c = 0; c < 128; c++) {
      NAME_START[c] = c != '$' && isWordStart(c, false);
      NAME_PART[c] = isWordPart(c, true);
    }
  }

  /** {@code isWordPart(c, true)} by table. */
  private static boolean isNamePart(char c) {
    return c >= 128 || NAME_PART[c];
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
