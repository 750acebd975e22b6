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
   * Piece hashes kept per value: for each stride a profile may use (1 to {@link
   * StatementProfile#MAX_STRIDE}) and each of its classes of offsets (those congruent to 0, 1, ... modulo
   * the stride), the first, middle and last piece of the class: 3 + 6 + 9.
   */
  static final int PIECES_PER_VALUE = 18;
  static final int FIRST = 0;
  static final int MIDDLE = 1;
  static final int LAST = 2;
  /** Where a stride's pieces begin among a value's: after those of the shorter strides. */
  private static final int[] STRIDE_BASE = {-1, 0, 3, 9};

  private static final byte KNOWN = 1;
  private static final byte QUOTE = 2;
  private static final byte CASED_LETTER = 4;

  private final List<String> list;
  /** 0 while not yet computed; a computed hash has its lowest bit set (filters use the top bits). */
  private final int[] pieces;
  private final byte[] traits;
  /** 0 until {@link #oneOffStride} worked it out. */
  private int oneOffStride;

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
   * The hash of piece {@code which} ({@link #FIRST}, {@link #MIDDLE}, {@link #LAST}) among value {@code
   * index}'s pieces at offsets {@code start}, {@code start + stride}, ... The value must have at least
   * {@code StatementProfile.GRAM + start} characters.
   */
  int piece(int index, int stride, int start, int which) {
    int at = index * PIECES_PER_VALUE + STRIDE_BASE[stride] + start * 3 + which;
    int hash = pieces[at];
    if (hash == 0) {
      String value = list.get(index);
      hash = pieceAt(value, offsetOf(stride, start, which, value.length() - StatementProfile.GRAM)) | 1;
      pieces[at] = hash;
    }
    return hash;
  }

  /**
   * The offset of piece {@code which} among the offsets {@code start}, {@code start + stride}, ... up to
   * {@code last}, the offset of the value's last piece.
   */
  static int offsetOf(int stride, int start, int which, int last) {
    int steps = (last - start) / stride;
    switch (which) {
      case FIRST:
        return start;
      case MIDDLE:
        return start + (steps >>> 1) * stride;
      case LAST:
        return start + steps * stride;
      default:
        throw new IllegalArgumentException("piece " + which);
    }
  }

  /**
   * The stride for a statement checked only once: 3, which records a third of its pieces, unless a
   * value of exactly four characters holds a letter. Such a value lies over a recorded piece in every
   * case only with stride 2; with 3 it would have to be searched for directly, in both letter cases,
   * which costs more than the third of the build it saves. Worked out once.
   */
  int oneOffStride() {
    int stride = oneOffStride;
    if (stride == 0) {
      stride = StatementProfile.MAX_STRIDE;
      for (int i = 0, n = list.size(); i < n; i++) {
        String value = list.get(i);
        if (value != null && value.length() == StatementProfile.GRAM + 1 && hasCasedLetter(i)) {
          stride = 2;
          break;
        }
      }
      oneOffStride = stride;
    }
    return stride;
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
