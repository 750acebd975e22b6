package io.palisade.benchmarks;

import io.palisade.engine.access.RateLimiter;
import java.util.Locale;

/**
 * The rate limiter's memory under many distinct clients: 1,000,000 distinct IPv4 addresses each take
 * a token from a limiter bounded to {@code max_clients} buckets; the retained heap is measured after
 * full collections. A plain main rather than a JMH benchmark, because what matters is a size, not a time.
 *
 * <pre>
 *   mvn -q -Pbenchmarks -pl integration-tests/benchmarks -am package -DskipTests
 *   java -Xmx512m -cp integration-tests/benchmarks/target/benchmarks.jar io.palisade.benchmarks.RateLimiterMemory [clients] [maxClients]
 * </pre>
 */
public final class RateLimiterMemory {
  private RateLimiter keptReachable;

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int[] bounds = args.length > 1 ? new int[] {Integer.parseInt(args[1])} : new int[] {10_000, 100_000, 1_000_000};
    for (int maxClients : bounds) {
      new RateLimiterMemory().run(clients, maxClients);
    }
  }

  private void run(int clients, int maxClients) throws InterruptedException {
    long before = usedHeapAfterGc();
    long[] clock = {0};
    keptReachable = new RateLimiter(10, 60, 10, maxClients, () -> clock[0]);
    long start = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      clock[0] += 1_000; // one request a microsecond
      keptReachable.acquire(address(i));
    }
    long elapsed = System.nanoTime() - start;
    long after = usedHeapAfterGc();
    int tracked = keptReachable.trackedClients();
    System.out.printf(Locale.ROOT,
        "clients=%,d max_clients=%,d tracked=%,d retained=%.1f MiB (%.0f bytes per tracked client) acquire=%.0f ns/op%n",
        clients, maxClients, tracked, (after - before) / 1048576.0, (after - before) / (double) Math.max(1, tracked),
        elapsed / (double) clients);
    keptReachable = null;
  }

  private static String address(int i) {
    return (10 + (i >>> 24)) + "." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }
}
