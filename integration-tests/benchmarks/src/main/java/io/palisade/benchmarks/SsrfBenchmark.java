package io.palisade.benchmarks;

import io.palisade.detector.ssrf.CachingResolver;
import io.palisade.detector.ssrf.Destination;
import io.palisade.detector.ssrf.HostResolver;
import io.palisade.detector.ssrf.OutboundUrl;
import io.palisade.detector.ssrf.SsrfDetector;
import io.palisade.detector.ssrf.SsrfFinding;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The SSRF check of one outbound URL against a request's 10 values. IP_LITERAL: a request-chosen
 * {@code http://2130706433/} (no look-up). CACHED_NAME: a request-chosen name answered by the
 * resolver cache. UNCACHED_NAME: a fresh name every call, through a resolver that answers in memory
 * (the cost of the agent's own work on a cache miss, without the DNS round trip the client makes
 * anyway and shares through the JVM's address cache). FIXED_HOST: the value only in the query, no
 * look-up at all (the common case). EGRESS_ONLY: the destination of a URL no request value chose.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SsrfBenchmark {
  private static final HostResolver IN_MEMORY = host ->
      new InetAddress[] {InetAddress.getByAddress(host, new byte[] {10, 1, 2, 3})};

  private SsrfDetector cached;
  private SsrfDetector uncached;
  private final AtomicLong names = new AtomicLong();
  private List<String> values;
  private List<String> literalValues;
  private OutboundUrl literal;
  private OutboundUrl name;
  private OutboundUrl fixedHost;

  @Setup
  public void setUp() {
    cached = new SsrfDetector(new CachingResolver(IN_MEMORY, 60_000, 1024));
    uncached = new SsrfDetector(IN_MEMORY);
    values = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      values.add("value-" + i);
    }
    values.add("http://internal.example.test/admin");
    literalValues = new ArrayList<>(values);
    literalValues.set(9, "http://2130706433/admin");
    literal = OutboundUrl.parse("http://2130706433/admin");
    name = OutboundUrl.parse("http://internal.example.test/admin");
    fixedHost = OutboundUrl.parse("https://api.example.test/search?q=value-3&page=2");
  }

  @Benchmark
  public SsrfFinding ipLiteral() {
    return cached.detect(literal, literalValues);
  }

  @Benchmark
  public SsrfFinding cachedName() {
    return cached.detect(name, values);
  }

  @Benchmark
  public SsrfFinding uncachedName() {
    String host = "n" + names.incrementAndGet() + ".example.test";
    OutboundUrl url = OutboundUrl.parse("http://" + host + "/admin");
    List<String> v = new ArrayList<>(values);
    v.set(9, "http://" + host + "/admin");
    return uncached.detect(url, v);
  }

  @Benchmark
  public SsrfFinding fixedHost() {
    return cached.detect(fixedHost, values);
  }

  @Benchmark
  public Destination egressOnly() {
    return cached.destinationOf(name);
  }
}
