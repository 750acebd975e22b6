package io.palisade.detector.sql;

import java.util.List;

/**
 * A request's values, prepared for every statement the request sends: each value's piece hashes (the
 * hashes of the three-character pieces a kept {@link StatementProfile} tests) and traits (holds a
 * quote, holds a cased letter) are worked out the first time a check needs them and kept, so a later
 * statement tests a value with a shift and a bit lookup, without folding or hashing it again; the
 * {@link ValueSieve} for statements seen once is built at the first of them. Nothing is computed up
 * front: most values are ruled out by their first piece, and a request that sends no statement pays
 * nothing. The SQL check keeps one per snapshot of a request's inputs.
 *
 * <p>CONTRACT: thread-safe. The memos are filled racily, but each entry is a pure function of its
 * value written as one int or byte, so a race computes an entry twice, never differently; the sieve
 * is immutable, with final fields only, so a racy read sees it whole or not at all.
 */
public final class RequestValues {
  /** Piece hashes kept per value: at its first, middle and last offset (a kept profile tests these). */
  static final int PIECES_PER_VALUE = 3;
  static final int FIRST = 0;
  static final int MIDDLE = 1;
  static final int LAST = 2;

  private static final byte KNOWN = 1;
  private static final byte QUOTE = 2;
  private static final byte CASED_LETTER = 4;

  private final List<String> list;
  /** 0 while not yet computed; a computed hash has its lowest bit set (filters use the top bits). */
  private final int[] pieces;
  private final byte[] traits;
  /** Built at the request's first statement seen once; racy but immutable (see the contract). */
  private ValueSieve sieve;

  private RequestValues(List<String> list) {
    this.list = list;
    this.pieces = new int[list.size() * PIECES_PER_VALUE];
    this.traits = new byte[list.size()];
  }

  /** The values, prepared; {@code values} must not change afterwards. */
  public static RequestValues of(List<String> values) {
    return new RequestValues(values);
  }

  /** The values as given, index for index. */
  public List<String> list() {
    return list;
  }

  int size() {
    return list.size();
  }

  String value(int index) {
    return list.get(index);
  }

  /**
   * The hash of piece {@code which} ({@link #FIRST}, {@link #MIDDLE} or {@link #LAST}) of value
   * {@code index}, which must have at least {@link StatementProfile#GRAM} characters.
   */
  int piece(int index, int which) {
    int at = index * PIECES_PER_VALUE + which;
    int hash = pieces[at];
    if (hash == 0) {
      String value = list.get(index);
      int last = value.length() - StatementProfile.GRAM;
      hash = StatementProfile.pieceHashAt(value, which == FIRST ? 0 : which == LAST ? last : last >>> 1) | 1;
      pieces[at] = hash;
    }
    return hash;
  }

  /** The values' sieve for statements seen once, built the first time one comes. */
  ValueSieve sieve() {
    ValueSieve built = sieve;
    if (built == null) {
      built = new ValueSieve(this);
      sieve = built;
    }
    return built;
  }

  boolean hasQuote(int index) {
    return (traits(index) & QUOTE) != 0;
  }

  boolean hasCasedLetter(int index) {
    return (traits(index) & CASED_LETTER) != 0;
  }

  private byte traits(int index) {
    byte known = traits[index];
    if (known == 0) {
      String value = list.get(index);
      known = (byte) (KNOWN | (value.indexOf('\'') >= 0 ? QUOTE : 0) | (casedLetterIn(value) ? CASED_LETTER : 0));
      traits[index] = known;
    }
    return known;
  }

  private static boolean casedLetterIn(String value) {
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (Character.isUpperCase(c) || Character.isLowerCase(c)) {
        return true;
      }
    }
    return false;
  }
}
