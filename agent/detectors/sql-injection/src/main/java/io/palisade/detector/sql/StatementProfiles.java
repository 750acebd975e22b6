package io.palisade.detector.sql;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded cache of {@link StatementProfile}s by statement text. Applications send the same statements
 * again and again (prepared statements, ORM queries), so the profile is built once and reused.
 *
 * <p>Two generations keep it bounded without a lock on the read path: new profiles go into the young
 * map; when it is full, it becomes the old map and the previous old map is dropped. A hit in the old
 * map moves the profile back to the young one, so statements in use survive a rotation and one-off
 * statements (concatenated SQL) age out. At most {@code 2 * capacity} profiles are held.
 *
 * <p>A statement gets a profile only when it is seen a second time (a small table of hash codes
 * remembers first sightings): building one costs about as much as the search it saves, so a one-off
 * statement, such as SQL concatenated with a fresh value, is searched directly and churns nothing.
 *
 * <p>CONTRACT: thread-safe; a race may build a profile twice, lose a promotion or forget a sighting,
 * never change an answer.
 */
final class StatementProfiles {
  /** Statements longer than this are not cached (a bulk insert of megabytes is rarely repeated). */
  static final int MAX_CACHED_LENGTH = 16 * 1024;

  private static final int SIGHTINGS = 4096; // a power of two

  private final int capacity;
  /** Hash codes of statements seen once, by slot; a racy table is fine, a lost entry only delays a profile. */
  private final int[] sightings = new int[SIGHTINGS];
  private final AtomicInteger youngSize = new AtomicInteger();
  private volatile ConcurrentHashMap<String, StatementProfile> young;
  private volatile ConcurrentHashMap<String, StatementProfile> old;

  StatementProfiles(int capacity) {
    this.capacity = capacity;
    this.young = new ConcurrentHashMap<>(capacity * 2);
    this.old = new ConcurrentHashMap<>();
  }

  /** The statement's profile, or null while it has been seen only once (or is too long to keep). */
  StatementProfile profile(String sql) {
    if (sql.length() > MAX_CACHED_LENGTH) {
      return null;
    }
    StatementProfile profile = young.get(sql);
    if (profile != null) {
      return profile;
    }
    profile = old.get(sql);
    if (profile == null) {
      if (!seenBefore(sql.hashCode())) {
        return null;
      }
      profile = new StatementProfile(sql);
    }
    add(sql, profile);
    return profile;
  }

  /** Records a sighting of a statement with this hash code; true if one was recorded before. */
  private boolean seenBefore(int hash) {
    int mark = hash == 0 ? 1 : hash;
    int slot = (hash ^ (hash >>> 16)) & (SIGHTINGS - 1);
    if (sightings[slot] == mark) {
      return true;
    }
    sightings[slot] = mark;
    return false;
  }

  /** Profiles held now (for tests of the bound). */
  int size() {
    return young.size() + old.size();
  }

  private void add(String sql, StatementProfile profile) {
    if (young.putIfAbsent(sql, profile) == null && youngSize.incrementAndGet() >= capacity) {
      synchronized (this) {
        if (youngSize.get() >= capacity) {
          old = young;
          young = new ConcurrentHashMap<>(capacity * 2);
          youngSize.set(0);
        }
      }
    }
  }
}
