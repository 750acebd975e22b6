package io.palisade.benchmarks;

import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.ServletAccess;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the first sink check of a request pays to collect its inputs: a new {@link RequestContext} and
 * {@code inputs()} for a request with 3 query parameters, 3 path segments, 10 headers and a cookie
 * header with 2 cookies, read through {@link ServletAccess} reflection from a jakarta request (a
 * dynamic proxy, so each call also pays the proxy's dispatch, as a real container's facade would pay
 * its own indirection).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestCaptureBenchmark {
  private Object request;
  private Object response;

  @Setup
  public void setUp() {
    request = FakeRequests.typicalRequest();
    response = FakeRequests.response();
    RequestContext.Inputs inputs =
        new RequestContext(ServletAccess.forRequest(request), request, response).inputs();
    // 3 query values + 3 path segments + 10 header values + 2 cookies, all distinct
    if (inputs.values().size() != 18) {
      throw new IllegalStateException("expected 18 inputs, got " + inputs.values());
    }
  }

  /** Opening a context (as requestEnter does: accessor lookup included) and collecting its inputs. */
  @Benchmark
  public void newContextAndInputs(Blackhole blackhole) {
    RequestContext context = new RequestContext(ServletAccess.forRequest(request), request, response);
    blackhole.consume(context.inputs().values());
  }
}
