package io.palisade.detector.sql;

/**
 * Searching a statement for one value, exactly or ignoring case, from a character of the value that is
 * rare in SQL. Statements are mostly letters, spaces and a few marks ({@code _ . , ( ) = ' *}); a digit
 * or another mark occurs in them at a few places, so a vectorised scan for such a character of the
 * value ({@link String#indexOf(int)}) and a comparison at each hit beat {@link String#indexOf(String)}
 * (a fixed cost per 16 characters of the statement) about fourfold for a statement of 300 characters.
 * A value made of letters only is anchored at its first character.
 *
 * <p>CONTRACT: stateless; thread-safe.
 */
final class DirectSearch {
  private DirectSearch() {}

  /** {@link String#indexOf(String, int)}, looked for from the needle's first character rare in SQL. */
  static int indexOf(String sql, String needle, int from) {
    int anchor = rareCharOffset(needle);
    if (anchor < 0) {
      return sql.indexOf(needle, from);
    }
    char c = needle.charAt(anchor);
    int lastAnchor = sql.length() - needle.length() + anchor;
    for (int i = sql.indexOf(c, from + anchor); i >= 0 && i <= lastAnchor; i = sql.indexOf(c, i + 1)) {
      if (sql.startsWith(needle, i - anchor)) {
        return i - anchor;
      }
    }
    return -1;
  }

  /**
   * False only when {@code value} occurs nowhere in {@code sql} ignoring case, so that the statement
   * need not be lower-cased to know it (and an exact search is then needless too). Looks where the
   * value's rare character occurs (or its first character, in either case: two scans) and compares
   * there with {@link String#regionMatches(boolean, int, String, int, int)}, which accepts every pair
   * of characters that lower-casing makes equal (and a few more: a yes only sends the value on to the
   * exact search), after a cheaper test of the character next to it.
   */
  static boolean mayOccurIgnoringCase(String sql, String value) {
    int anchor = rareCharOffset(value);
    if (anchor >= 0) {
      return mayOccurIgnoringCaseAt(sql, value, anchor, value.charAt(anchor));
    }
    char first = value.charAt(0);
    if (first >= 0x80 || first == 'k' || first == 'K') {
      return true; // case partners outside ASCII (the Kelvin sign lower-cases to 'k'): no shortcut
    }
    char lower = Character.toLowerCase(first);
    char upper = Character.toUpperCase(first);
    return mayOccurIgnoringCaseAt(sql, value, 0, lower)
        || upper != lower && mayOccurIgnoringCaseAt(sql, value, 0, upper);
  }

  /** Compares ignoring case wherever {@code c}, the value's character at {@code anchor}, occurs. */
  private static boolean mayOccurIgnoringCaseAt(String sql, String value, int anchor, char c) {
    int len = value.length();
    int lastAnchor = sql.length() - len + anchor;
    // a neighbour of the anchor, compared folded first (what lower-casing makes equal, folding does)
    int near = anchor + 1 < len ? anchor + 1 : anchor - 1;
    int nearFolded = near >= 0 ? StatementProfile.fold(value.charAt(near)) : 0;
    for (int i = sql.indexOf(c, anchor); i >= 0 && i <= lastAnchor; i = sql.indexOf(c, i + 1)) {
      int start = i - anchor;
      if ((near < 0 || StatementProfile.fold(sql.charAt(start + near)) == nearFolded)
          && sql.regionMatches(true, start, value, 0, len)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The offset of the value's first character that is rare in SQL and has no other case (a digit, a
   * mark other than the common ones); -1 when it has none.
   */
  static int rareCharOffset(String value) {
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x80 && RARE_ASCII[c]) {
        return i;
      }
    }
    return -1;
  }

  /** ASCII digits and marks other than space and {@code _ . , ( ) = ' *}; no letters. */
  private static final boolean[] RARE_ASCII = new boolean[0x80];

  static {
    for (char c = '!'; c < 0x7f; c++) {
      RARE_ASCII[c] = !Character.isLetter(c) && "_.,()='*".indexOf(c) < 0;
    }
  }
}
