package io.palisade.detector.sql;

import java.util.List;

/**
 * A request's values, prepared for every statement the request sends: each value's piece hashes (the
 * hashes of the three-character pieces a {@link StatementProfile} tests) and traits (holds a quote,
 * holds a cased letter) are worked out the first time a check needs them and kept, so a later
 * statement tests a value with a shift and a bit lookup, without folding or hashing it again. Nothing
 * is computed up front: most values are ruled out by their first piece, and a request that sends one
 * statement pays no more than without this. The SQL check keeps one per snapshot of a request's inputs.
 *
 * <p>CONTRACT: thread-safe. The memos are filled racily, but each entry is a pure function of its
 * value written as one int or byte, so a race computes an entry twice, never differently.
 */
public final class RequestValues {
  /**
   * Piece hashes kept per value: at the value's first, middle and last offset (a kept profile records
   * every position); at the middle and last of its even offsets (the first is offset 0 again); at the
   * first, middle and last of its odd offsets (a one-off profile records every other position).
   */
  static final int PIECES_PER_VALUE = 8;
  static final int FIRST = 0;
  static final int MIDDLE = 1;
  static final int LAST = 2;
  static final int EVEN_MIDDLE = 3;
  static final int EVEN_LAST = 4;
  static final int ODD_FIRST = 5;
  static final int ODD_MIDDLE = 6;
  static final int ODD_LAST = 7;

  private static final byte KNOWN = 1;
  private static final byte QUOTE = 2;
  private static final byte CASED_LETTER = 4;

  private final List<String> list;
  /** 0 while not yet computed; a computed hash has its lowest bit set (filters use the top bits). */
  private final int[] pieces;
  private final byte[] traits;

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
   * The hash of piece {@code which} ({@link #FIRST} to {@link #ODD_LAST}) of value {@code index}, which
   * must have at least {@link StatementProfile#GRAM} characters ({@code GRAM + 1} for the odd ones).
   */
  int piece(int index, int which) {
    int at = index * PIECES_PER_VALUE + which;
    int hash = pieces[at];
    if (hash == 0) {
      String value = list.get(index);
      hash = pieceAt(value, offsetOf(which, value.length() - StatementProfile.GRAM)) | 1;
      pieces[at] = hash;
    }
    return hash;
  }

  /** The offset in the value of piece {@code which}, for a value whose last piece starts at {@code last}. */
  static int offsetOf(int which, int last) {
    switch (which) {
      case FIRST:
        return 0;
      case MIDDLE:
        return last >>> 1;
      case LAST:
        return last;
      case EVEN_MIDDLE:
        return ((last & ~1) >>> 1) & ~1;
      case EVEN_LAST:
        return last & ~1;
      case ODD_FIRST:
        return 1;
      case ODD_MIDDLE:
        return ((((last - 1) | 1) - 1) >>> 1) | 1;
      case ODD_LAST:
        return (last - 1) | 1;
      default:
        throw new IllegalArgumentException("piece " + which);
    }
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

  private static int pieceAt(String value, int offset) {
    return StatementProfile.pieceHash(
        StatementProfile.fold(value.charAt(offset)),
        StatementProfile.fold(value.charAt(offset + 1)),
        StatementProfile.fold(value.charAt(offset + 2)));
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
