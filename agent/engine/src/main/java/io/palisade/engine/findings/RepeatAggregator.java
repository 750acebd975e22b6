package io.palisade.engine.findings;

import io.palisade.audit.AuditEvent;
import io.palisade.audit.AuditLog;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps a flood of identical attacks from filling the disk: findings with the same detector,
 * endpoint, input name and client within one second are written in full only for the first
 * {@value #WRITTEN_IN_FULL}; the rest of that second become one event with a {@code count} (the last
 * finding's details, {@code first_seen} of the first counted one), written when the second is over
 * ({@link #flushExpired}) or at shutdown ({@link #flushAll}). Every finding is either written or
 * counted; none is lost. Blocking does not depend on this: every attack is still blocked.
 */
public final class RepeatAggregator {
  static final int WRITTEN_IN_FULL = 3;
  static final long WINDOW_MILLIS = 1000;
  /** Beyond this many open windows (an attacker varying the key), findings are written in full. */
  static final int MAX_WINDOWS = 10_000;

  private final ConcurrentHashMap<Key, Window> windows = new ConcurrentHashMap<>();
  private final LongSupplier clock;

  public RepeatAggregator() {
    this(System::currentTimeMillis);
  }

  RepeatAggregator(LongSupplier clock) {
    this.clock = clock;
  }

  /**
   * Writes the finding's event, or counts it into its window. Returns false when it was counted
   * (not written now).
   */
  public boolean write(AuditLog audit, String detector, String method, String path, String inputName, String clientIp,
      AuditEvent.Builder event) {
    long now = clock.getAsLong();
    Key key = new Key(detector, method, path, inputName, clientIp);
    Window window = windows.get(key);
    if (window == null) {
      if (windows.size() >= MAX_WINDOWS) {
        audit.write(event.build());
        return true;
      }
      window = windows.computeIfAbsent(key, k -> new Window(now));
    }
    AuditEvent ended = null;
    boolean writeNow;
    synchronized (window) {
      if (window.retired) {
        // Flushed and removed while this thread held it: nothing may be counted into it any more.
        audit.write(event.build());
        return true;
      }
      if (now - window.start >= WINDOW_MILLIS) {
        ended = window.takeAggregate();
        window.start = now;
        window.written = 0;
      }
      writeNow = window.written < WRITTEN_IN_FULL;
      if (writeNow) {
        window.written++;
      } else {
        Instant at = Instant.ofEpochMilli(now);
        if (window.counted == 0) {
          window.firstCounted = at;
        }
        window.counted++;
        window.last = event.timestamp(at);
      }
    }
    if (ended != null) {
      audit.write(ended);
    }
    if (writeNow) {
      audit.write(event.build());
    }
    return writeNow;
  }

  /** Writes the aggregates of windows whose second is over and forgets idle windows. */
  public void flushExpired(AuditLog audit) {
    long now = clock.getAsLong();
    for (Iterator<Map.Entry<Key, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
      Window window = it.next().getValue();
      AuditEvent aggregate;
      synchronized (window) {
        if (now - window.start < WINDOW_MILLIS) {
          continue;
        }
        aggregate = window.takeAggregate();
        // Removed under the window's lock: a writer that still holds it writes in full, and a
        // writer arriving later opens a new window.
        it.remove();
        window.retired = true;
      }
      if (aggregate != null) {
        audit.write(aggregate);
      }
    }
  }

  /** Writes every pending aggregate now (at shutdown). */
  public void flushAll(AuditLog audit) {
    for (Iterator<Map.Entry<Key, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
      Window window = it.next().getValue();
      AuditEvent aggregate;
      synchronized (window) {
        aggregate = window.takeAggregate();
        it.remove();
        window.retired = true;
      }
      if (aggregate != null) {
        audit.write(aggregate);
      }
    }
  }

  /** Windows open now (for tests and the MBean). */
  public int openWindows() {
    return windows.size();
  }

  private static final class Window {
    long start;
    boolean retired;
    int written;
    long counted;
    Instant firstCounted;
    AuditEvent.Builder last;

    Window(long start) {
      this.start = start;
    }

    /** The aggregate of the counted findings, or null; resets the count. Call under the lock. */
    AuditEvent takeAggregate() {
      if (counted == 0) {
        return null;
      }
      AuditEvent aggregate = last.repeats(counted, firstCounted).build();
      counted = 0;
      last = null;
      firstCounted = null;
      return aggregate;
    }
  }

  private static final class Key {
    final String detector;
    final String method;
    final String path;
    final String inputName;
    final String clientIp;
    final int hash;

    Key(String detector, String method, String path, String inputName, String clientIp) {
      this.detector = detector;
      this.method = method;
      this.path = path;
      this.inputName = inputName;
      this.clientIp = clientIp;
      this.hash = Objects.hash(detector, method, path, inputName, clientIp);
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Key)) {
        return false;
      }
      Key k = (Key) o;
      return Objects.equals(detector, k.detector)
          && Objects.equals(method, k.method)
          && Objects.equals(path, k.path)
          && Objects.equals(inputName, k.inputName)
          && Objects.equals(clientIp, k.clientIp);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
