package io.palisade.detector.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A small bounded cache in front of a resolver, with a short time to live. It keeps the check cheap
 * for a service that calls the same hosts again and again; the short TTL (shorter than the JVM's own
 * address cache, 30 s by default) keeps it from holding an answer the client no longer gets, so a
 * name that turns internal (DNS rebinding) is seen as internal once the client can see it so.
 * Failed look-ups are not cached.
 */
public final class CachingResolver implements HostResolver {
  private final HostResolver delegate;
  private final long ttlNanos;
  private final int capacity;
  private final LongSupplier clock;
  private final Map<String, Cached> entries;

  public CachingResolver(HostResolver delegate, long ttlMillis, int capacity) {
    this(delegate, ttlMillis, capacity, System::nanoTime);
  }

  public CachingResolver(HostResolver delegate, long ttlMillis, int capacity, LongSupplier nanoClock) {
    this.delegate = delegate;
    this.ttlNanos = ttlMillis * 1_000_000L;
    this.capacity = capacity;
    this.clock = nanoClock;
    this.entries =
        new LinkedHashMap<String, Cached>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > CachingResolver.this.capacity;
          }
        };
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    long now = clock.getAsLong();
    synchronized (entries) {
      Cached entry = entries.get(host);
      if (entry != null && now - entry.resolvedAt < ttlNanos) {
        return entry.addresses;
      }
    }
    InetAddress[] addresses = delegate.resolve(host);
    synchronized (entries) {
      entries.put(host, new Cached(addresses, now));
    }
    return addresses;
  }

  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  private static final class Cached {
    final InetAddress[] addresses;
    final long resolvedAt;

    Cached(InetAddress[] addresses, long resolvedAt) {
      this.addresses = addresses;
      this.resolvedAt = resolvedAt;
    }
  }
}
