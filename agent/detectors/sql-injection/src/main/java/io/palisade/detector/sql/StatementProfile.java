package io.palisade.detector.sql;

/**
 * What the detector keeps of a statement it has seen: a filter of the statement's three-character
 * substrings, whether it holds an escaped quote at all, and, once an occurrence needed them, its tokens.
 *
 * <p>The filter answers "may this value occur, in any letter case?" with three bit tests instead of a
 * scan of the statement per request value: a value of three or more characters can only occur if its
 * first, middle and last three-character pieces all occur. Pieces are case-folded, so the answer also
 * covers a value the application lower- or upper-cased before pasting it. It never answers no for a
 * value that occurs (no false negative); a rare yes for one that does not only costs the exact search
 * it replaces.
 *
 * <p>CONTRACT: immutable but for the lazily lexed tokens, which are published safely; thread-safe.
 */
final class StatementProfile {
  /** Shortest value the filter can judge; shorter ones are searched for directly. */
  static final int GRAM = 3;
  /**
   * The filter's size grows with the statement: 8 to 16 bits per character, so at most an eighth of
   * it is set (a value's three tests then pass by chance about once in 500), from 512 bits (64 bytes)
   * to 8192 bits (1 KiB, from 513 characters on; a 2,000-character statement sets under a fifth).
   * Statements built anew for each request get a profile each: a short one should not pay for
   * zeroing and filling a kilobyte.
   */
  private static final int MIN_BITS_LOG2 = 9;
  private static final int MAX_BITS_LOG2 = 13;

  private final long[] grams;
  /** 32 minus the filter's size in bits, log 2: a hash's top bits pick the bit. */
  private final int shift;
  private final boolean doubledQuote;
  private final boolean backslashQuote;
  private final boolean kept;
  private volatile Lexed lexed;

  /** A profile for one check only. */
  StatementProfile(String sql) {
    this(sql, false);
  }

  /** {@code kept}: the profile is cached and will serve the same statement again. */
  StatementProfile(String sql, boolean kept) {
    this.kept = kept;
    int n = sql.length();
    int bitsLog2 = Math.max(MIN_BITS_LOG2, Math.min(MAX_BITS_LOG2, 35 - Integer.numberOfLeadingZeros(Math.max(1, n - 1))));
    this.shift = 32 - bitsLog2;
    long[] bits = new long[1 << (bitsLog2 - 6)];
    this.grams = bits;
    if (n >= GRAM) {
      int shift = this.shift;
      int mask = bits.length - 1;
      int a = fold(sql.charAt(0));
      int b = fold(sql.charAt(1));
      for (int i = 2; i < n; i++) {
        int c = fold(sql.charAt(i));
        int h = hash(a, b, c, shift);
        // masked although in range: the JIT then drops the bounds check in this loop
        bits[(h >>> 6) & mask] |= 1L << h;
        a = b;
        b = c;
      }
    }
    doubledQuote = sql.indexOf("''") >= 0;
    backslashQuote = sql.indexOf("\\'") >= 0;
  }

  /**
   * False only when {@code value} (at least {@link #GRAM} characters) cannot occur in the statement,
   * whatever the case of its letters.
   */
  boolean mayContain(String value) {
    int len = value.length();
    int mid = (len - GRAM) >>> 1;
    return has(value, 0) && has(value, mid) && has(value, len - GRAM);
  }

  /** The statement holds {@code ''} somewhere: a quote-doubled value could occur. */
  boolean hasDoubledQuote() {
    return doubledQuote;
  }

  /** The statement holds {@code \'} somewhere: a backslash-escaped value could occur. */
  boolean hasBackslashQuote() {
    return backslashQuote;
  }

  /** The profile is cached: lexing all of the statement's tokens once serves later checks too. */
  boolean isKept() {
    return kept;
  }

  /** The statement's tokens in {@code dialect}, lexed once and kept. */
  SqlTokens tokens(String sql, SqlDialect dialect) {
    Lexed current = lexed;
    if (current != null && current.dialect == dialect) {
      return current.tokens;
    }
    SqlTokens tokens = SqlLexer.lex(sql, dialect);
    lexed = new Lexed(dialect, tokens);
    return tokens;
  }

  private boolean has(String value, int at) {
    int a = fold(value.charAt(at));
    int b = fold(value.charAt(at + 1));
    int c = fold(value.charAt(at + 2));
    int h = hash(a, b, c, shift);
    return (grams[(h >>> 6) & (grams.length - 1)] & (1L << h)) != 0;
  }

  /**
   * One case for every letter, as a case-insensitive comparison of characters sees it (upper, then
   * lower: also folds the Greek final sigma and similar letters with two lower-case forms).
   */
  private static char fold(char c) {
    // a table for the Latin-1 range: SQL mixes upper-case keywords with lower-case names, and a
    // branch on the letter's case mispredicts at every change
    return c < LATIN1_FOLDED.length ? LATIN1_FOLDED[c] : foldAny(c);
  }

  private static char foldAny(char c) {
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  private static final char[] LATIN1_FOLDED = new char[256];

  static {
    for (char c = 0; c < LATIN1_FOLDED.length; c++) {
      LATIN1_FOLDED[c] = foldAny(c);
    }
  }

  /**
   * The top {@code 32 - shift} bits of one multiplicative hash of the three characters (one multiply a
   * character: building a profile is one pass over the statement); {@code 1L << h} uses its low six.
   */
  private static int hash(int a, int b, int c, int shift) {
    return (((a << 10) ^ (b << 5) ^ c) * 0x9E3779B1) >>> shift;
  }

  private static final class Lexed {
    final SqlDialect dialect;
    final SqlTokens tokens;

    Lexed(SqlDialect dialect, SqlTokens tokens) {
      this.dialect = dialect;
      this.tokens = tokens;
    }
  }
}
