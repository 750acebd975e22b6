package io.palisade.benchmarks;

import io.palisade.bootstrap.Bridge;
import io.palisade.bootstrap.RequestScope;
import io.palisade.engine.PalisadeEngine;
import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.ServletAccess;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the inlined JDBC advice costs: {@link Bridge#sqlEnter} followed by {@link Bridge#sqlExit}. JMH
 * runs each benchmark method in its own forked JVM, so the static engine installed by one state
 * never leaks into another method's measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BridgeBenchmark {
  static final String SQL = String.format(SqlInjectionBenchmark.MEDIUM_SQL, "?");
  /** A JDBC object the dialect lookup knows nothing of: the engine falls back to ANSI. */
  static final Object JDBC_OBJECT = new Object();

  @State(Scope.Thread)
  public static class NoEngine {
    @Setup(Level.Trial)
    public void setUp() {
      Bridge.install(null);
    }
  }

  /** The real engine, with no request on the thread (a scheduled job, start-up, a pool's own SQL). */
  @State(Scope.Thread)
  public static class EngineNoRequest {
    @Setup(Level.Trial)
    public void setUp() {
      // The reporter is only reached with a finding, which needs a request.
      Bridge.install(new PalisadeEngine(null));
      RequestScope.clear();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      Bridge.install(null);
    }
  }

  /**
   * The real engine inside a request (18 inputs, already collected by an earlier sink of the same
   * request) and a ~300-character statement in which no request value occurs: the common case.
   */
  @State(Scope.Thread)
  public static class EngineInRequest {
    @Setup(Level.Trial)
    public void setUp() {
      Bridge.install(new PalisadeEngine(null));
      Object request = FakeRequests.typicalRequest();
      RequestContext context =
          new RequestContext(ServletAccess.forRequest(request), request, FakeRequests.response());
      for (String value : context.inputs().values()) {
        if (SQL.contains(value)) {
          throw new IllegalStateException("request value occurs in the statement: " + value);
        }
      }
      RequestScope.set(context);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      RequestScope.clear();
      Bridge.install(null);
    }
  }

  @Benchmark
  public void noEngine(NoEngine state, Blackhole blackhole) {
    boolean entered = Bridge.sqlEnter(JDBC_OBJECT, SQL, "executeQuery");
    Bridge.sqlExit(entered);
    blackhole.consume(entered);
  }

  @Benchmark
  public void engineNoRequest(EngineNoRequest state, Blackhole blackhole) {
    boolean entered = Bridge.sqlEnter(JDBC_OBJECT, SQL, "executeQuery");
    Bridge.sqlExit(entered);
    blackhole.consume(entered);
  }

  @Benchmark
  public void engineInRequestNoValueOccurs(EngineInRequest state, Blackhole blackhole) {
    boolean entered = Bridge.sqlEnter(JDBC_OBJECT, SQL, "executeQuery");
    Bridge.sqlExit(entered);
    blackhole.consume(entered);
  }
}
