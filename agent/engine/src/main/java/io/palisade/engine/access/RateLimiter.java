package io.palisade.engine.access;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets per client (IP, principal or key), refilled continuously at {@code requests} per
 * {@code window}, holding at most {@code burst} tokens. Memory is bounded: at most
 * {@code maxClients} buckets are kept, in segments that each evict their least recently used
 * bucket when full. An evicted client starts again with a full bucket; operators size
 * {@code max_clients} above the number of clients active within one window.
 */
public final class RateLimiter {
  private static final int MAX_SEGMENTS = 64;

  private final double tokensPerNano;
  private final double burst;
  private final LongSupplier nanoClock;
  private final Segment[] segments;

  public RateLimiter(long requests, long windowSeconds, long burst, int maxClients, LongSupplier nanoClock) {
    if (requests <= 0 || windowSeconds <= 0 || burst <= 0 || maxClients <= 0) {
      throw new IllegalArgumentException("requests, window, burst and max clients must be positive");
    }
    this.tokensPerNano = requests / (windowSeconds * 1e9);
    this.burst = burst;
    this.nanoClock = nanoClock;
    // Segments spread the lock; each holds an equal share, so the total never exceeds maxClients.
    int count = maxClients >= MAX_SEGMENTS ? MAX_SEGMENTS : 1;
    segments = new Segment[count];
    for (int i = 0; i < count; i++) {
      segments[i] = new Segment(maxClients / count);
    }
  }

  /** Takes one token for {@code client}. Returns 0 when granted, else the seconds until one is available (at least 1). */
  public long acquire(String client) {
    Segment segment = segments[spread(client.hashCode()) & (segments.length - 1)];
    long now = nanoClock.getAsLong();
    synchronized (segment) {
      Bucket bucket = segment.get(client);
      if (bucket == null) {
        bucket = new Bucket(burst, now);
        segment.put(client, bucket);
      }
      double tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedNanos) * tokensPerNano);
      bucket.updatedNanos = now;
      if (tokens >= 1) {
        bucket.tokens = tokens - 1;
        return 0;
      }
      bucket.tokens = tokens;
      double nanosUntilToken = (1 - tokens) / tokensPerNano;
      return Math.max(1, (long) Math.ceil(nanosUntilToken / 1e9));
    }
  }

  /** How many clients have a bucket now (at most the configured maximum). */
  public int trackedClients() {
    int total = 0;
    for (Segment segment : segments) {
      synchronized (segment) {
        total += segment.size();
      }
    }
    return total;
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16) ^ (hash >>> 8);
  }

  private static final class Bucket {
    double tokens;
    long updatedNanos;

    Bucket(double tokens, long updatedNanos) {
      this.tokens = tokens;
      this.updatedNanos = updatedNanos;
    }
  }

  private static final class Segment extends LinkedHashMap<String, Bucket> {
    private static final long serialVersionUID = 1L;
    private final int capacity;

    Segment(int capacity) {
      super(16, 0.75f, true);
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
      return size() > capacity;
    }
  }
}
