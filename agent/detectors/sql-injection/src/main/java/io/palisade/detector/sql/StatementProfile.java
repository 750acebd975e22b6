package io.palisade.detector.sql;

/**
 * What the detector keeps of a statement it has seen: a filter of the statement's three-character
 * substrings, whether it holds an escaped quote at all, and, once an occurrence needed them, its tokens.
 *
 * <p>The filter answers "may this value occur, in any letter case?" with a few bit tests instead of a
 * scan of the statement per request value: a value can only occur if its first, middle and last
 * three-character pieces all occur. Pieces are case-folded, so the answer also covers a value the
 * application lower- or upper-cased before pasting it. It never answers no for a value that occurs (no
 * false negative); a rare yes for one that does not only costs the exact search it replaces.
 *
 * <p>Only a kept profile (the statement comes again) has a filter: built once, it then answers with
 * three tests per value. A statement seen once would pay the whole build for one check; its profile has
 * no filter ({@link #shortestJudged} is then beyond any value), and the request's {@link ValueSieve}
 * has already picked the values to search for.
 *
 * <p>CONTRACT: immutable but for what it works out when first asked (its tokens, whether it holds an
 * escaped quote), which is published safely; thread-safe.
 */
final class StatementProfile {
  /** Length of the pieces the filter records. */
  static final int GRAM = 3;
  /**
   * The filter is a bit set that grows with the statement: 8 to 16 bits per character, so at most an
   * eighth of it is set (a value's three tests then pass by chance about once in 500), from 512 bits
   * (64 bytes) to 8192 bits (1 KiB, from 513 characters on).
   */
  private static final int MIN_BITS_LOG2 = 9;
  private static final int MAX_BITS_LOG2 = 13;
  private static final int QUOTES_KNOWN = 1;
  private static final int DOUBLED_QUOTE = 2;
  private static final int BACKSLASH_QUOTE = 4;

  /** The filter, one bit per slot; null in a profile for one check. */
  private final long[] grams;
  /** 32 minus the filter's size in bits, log 2: a hash's top bits pick the bit. */
  private final int shift;
  /** {@link #QUOTES_KNOWN} and what was found, once a value with a quote needed to know. */
  private volatile int escapedQuotes;
  private volatile Lexed lexed;

  /** A profile for one check only, without a filter. */
  StatementProfile(String sql) {
    this(sql, false);
  }

  /** {@code kept}: the profile is cached and will serve the same statement again, so it gets a filter. */
  StatementProfile(String sql, boolean kept) {
    if (!kept) {
      this.grams = null;
      this.shift = 0;
      return;
    }
    int n = sql.length();
    int sizeLog2 = 35 - Integer.numberOfLeadingZeros(Math.max(1, n - 1)); // 8 to 16 per character
    int bitsLog2 = Math.max(MIN_BITS_LOG2, Math.min(MAX_BITS_LOG2, sizeLog2));
    this.shift = 32 - bitsLog2;
    this.grams = new long[1 << (bitsLog2 - 6)];
    if (n >= GRAM) {
      long[] bits = grams;
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
  }

  /** Shortest value {@link #mayContain} can judge; shorter ones must be searched for directly. */
  int shortestJudged() {
    return grams != null ? GRAM : Integer.MAX_VALUE; // without a filter, every value is searched for
  }

  /**
   * False only when {@code value} (at least {@link #shortestJudged} characters) cannot occur in the
   * statement, whatever the case of its letters. One value on its own, for tests; the detector asks
   * about a request's prepared values.
   */
  boolean mayContain(String value) {
    return mayContain(RequestValues.of(java.util.Collections.singletonList(value)), 0);
  }

  /** {@link #mayContain(String)} for value {@code index} of a request's prepared values. */
  boolean mayContain(RequestValues values, int index) {
    return has(values.piece(index, RequestValues.FIRST))
        && has(values.piece(index, RequestValues.LAST))
        && has(values.piece(index, RequestValues.MIDDLE));
  }

  /** The statement holds {@code ''} somewhere: a quote-doubled value could occur. */
  boolean hasDoubledQuote(String sql) {
    return (escapedQuotes(sql) & DOUBLED_QUOTE) != 0;
  }

  /** The statement holds {@code \'} somewhere: a backslash-escaped value could occur. */
  boolean hasBackslashQuote(String sql) {
    return (escapedQuotes(sql) & BACKSLASH_QUOTE) != 0;
  }

  /** Looked for only when a request value holds a quote: most values hold none. */
  private int escapedQuotes(String sql) {
    int found = escapedQuotes;
    if (found == 0) {
      found = QUOTES_KNOWN | (sql.indexOf("''") >= 0 ? DOUBLED_QUOTE : 0) | (sql.indexOf("\\'") >= 0 ? BACKSLASH_QUOTE : 0);
      escapedQuotes = found;
    }
    return found;
  }

  /** The profile is cached: lexing all of the statement's tokens once serves later checks too. */
  boolean isKept() {
    return grams != null;
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

  private boolean has(int pieceHash) {
    int h = pieceHash >>> shift;
    return (grams[(h >>> 6) & (grams.length - 1)] & (1L << h)) != 0;
  }

  /**
   * One code for a character and its other case, as comparing lower-cased text sees them. A Latin-1
   * letter and its other case differ only in bit 0x20, so setting that bit folds them with one OR (no
   * table, no branch on the letter's case, which SQL changes at every keyword). Other characters go
   * through upper then lower case first, which maps the Kelvin sign to 'k', a capital Y with diaeresis
   * to the Latin-1 one and the Greek final sigma to sigma (the micro sign stays apart from the Greek
   * mu, its upper case: lower-casing does not pair them either). The bit also pairs a few characters
   * of different meaning ('@' with '`', the multiplication with the division sign): that only lets
   * the filter answer yes a little more often.
   */
  static char fold(char c) {
    return (char) ((c < 0x100 ? c : Character.toLowerCase(Character.toUpperCase(c))) | 0x20);
  }

  /**
   * The top {@code 32 - shift} bits of one multiplicative hash of the three characters (one multiply a
   * character: building a profile is one pass over the statement); {@code 1L << h} uses its low six.
   */
  private static int hash(int a, int b, int c, int shift) {
    return pieceHash(a, b, c) >>> shift;
  }

  /**
   * The hash of a piece of three folded characters, before a filter's size picks its top bits. Each
   * character has a byte of its own in the key, so that three ASCII characters read at once as a
   * little-endian int (masked, folded with one OR) give the same key ({@link #asciiPieceHash}).
   */
  static int pieceHash(int a, int b, int c) {
    return (a ^ (b << 8) ^ (c << 16)) * 0x9E3779B1;
  }

  /** {@link #pieceHash} of the three characters of {@code text} from {@code offset}, folded. */
  static int pieceHashAt(String text, int offset) {
    return pieceHash(fold(text.charAt(offset)), fold(text.charAt(offset + 1)), fold(text.charAt(offset + 2)));
  }

  /** {@link #pieceHash} of the three ASCII characters in the low bytes of {@code littleEndian}, unfolded. */
  static int asciiPieceHash(int littleEndian) {
    return (littleEndian & 0xFFFFFF | 0x202020) * 0x9E3779B1;
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
