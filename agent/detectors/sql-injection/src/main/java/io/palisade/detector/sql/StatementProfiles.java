package io.palisade.detector.sql;

/**
 * A bounded cache of {@link StatementProfile}s, keyed by the statement's identity. Applications send
 * the same statement objects again and again: a prepared statement's SQL is a constant of the
 * application, an ORM keeps the SQL it generated per query. So the profile is built once and found
 * again with an identity hash and a reference comparison, without hashing the statement's text.
 *
 * <p>A statement is kept only when it is seen a second time (a small table of identity hashes
 * remembers first sightings), so a one-off statement, such as SQL concatenated with a fresh value,
 * displaces nothing and costs no profile's build: the detector judges it through the request's {@link
 * ValueSieve}. An equal statement built anew each time is a one-off too. A kept profile's tokens are
 * worth lexing in full once; a one-off's are not.
 *
 * <p>The table is two-way set-associative with a fixed number of slots: it cannot grow, and a
 * statement in steady use is not displaced by a stream of newcomers (they take the other way).
 *
 * <p>CONTRACT: thread-safe; a race may build a profile twice, lose an entry or forget a sighting,
 * never change an answer. Entries are immutable, so a racy read sees a whole entry or none.
 */
final class StatementProfiles {
  /** Statements longer than this are not kept (a bulk insert of megabytes is rarely repeated). */
  static final int MAX_CACHED_LENGTH = 16 * 1024;

  private final Entry[] slots;
  private final int[] sightings;
  private final int mask;

  /** {@code capacity}: the number of profiles held at most, rounded up to a power of two. */
  StatementProfiles(int capacity) {
    int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
    this.slots = new Entry[size];
    this.sightings = new int[size];
    this.mask = size - 1;
  }

  /**
   * The statement's kept profile, built at its second sighting; null while it is seen for the first
   * time (or is too long to keep): the caller then judges it as a statement seen once.
   */
  StatementProfile kept(String sql) {
    if (sql.length() > MAX_CACHED_LENGTH) {
      return null;
    }
    int hash = System.identityHashCode(sql);
    int first = (hash ^ (hash >>> 16)) & mask & ~1;
    Entry a = slots[first];
    if (a != null && a.sql == sql) {
      return a.profile;
    }
    Entry b = slots[first + 1];
    if (b != null && b.sql == sql) {
      return b.profile;
    }
    if (!seenBefore(hash, first)) {
      return null;
    }
    StatementProfile profile = new StatementProfile(sql, true);
    slots[a == null ? first : first + 1] = new Entry(sql, profile);
    return profile;
  }

  /** Profiles held now (for tests of the bound). */
  int size() {
    int n = 0;
    for (Entry e : slots) {
      if (e != null) {
        n++;
      }
    }
    return n;
  }

  /** Records a sighting of a statement with this identity hash; true if one was recorded before. */
  private boolean seenBefore(int hash, int first) {
    int mark = hash == 0 ? 1 : hash;
    int slot = first + (hash >>> 31);
    if (sightings[slot] == mark) {
      return true;
    }
    sightings[slot] = mark;
    return false;
  }

  private static final class Entry {
    final String sql;
    final StatementProfile profile;

    Entry(String sql, StatementProfile profile) {
      this.sql = sql;
      this.profile = profile;
    }
  }
}
