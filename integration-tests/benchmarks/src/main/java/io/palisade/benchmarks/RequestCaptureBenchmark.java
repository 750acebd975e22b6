package io.palisade.benchmarks;

import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.ServletAccess;
import java.nio.charset.StandardCharsets;
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
  private Object jsonRequest;
  private byte[] jsonBody;
  private byte[] smallJsonBody;
  private Object twentyParameters;

  @Setup
  public void setUp() {
    request = FakeRequests.typicalRequest();
    response = FakeRequests.response();
    RequestContext.Inputs inputs =
        new RequestContext(ServletAccess.forRequest(request), request, response).inputs();
    // 3 query values and their 3 names + 3 path segments + 10 header values + 2 cookies, all distinct
    if (inputs.values().size() != 21) {
      throw new IllegalStateException("expected 21 inputs, got " + inputs.values());
    }
    jsonRequest = FakeRequests.jsonPost();
    jsonBody = orderJson().getBytes(StandardCharsets.UTF_8);
    if (jsonBody.length < 4096 || jsonBody.length > 4400) {
      throw new IllegalStateException("the order should be about 4 KiB, not " + jsonBody.length + " bytes");
    }
    smallJsonBody = ("{\"filter\":{\"title\":\"Gethen\",\"max_price\":2000},\"page\":{\"size\":10,\"number\":0},"
        + "\"tags\":[\"classic\",\"science fiction\"],\"client\":{\"locale\":\"en-GB\",\"version\":\"4.2.1\"}}")
        .getBytes(StandardCharsets.UTF_8);
    twentyParameters = FakeRequests.twentyParameters();
    int parameterValues = new RequestContext(ServletAccess.forRequest(twentyParameters), twentyParameters, response)
        .inputs().all().stream()
        .filter(i -> i.source().id().equals("parameter") && i.part().id().equals("value")).mapToInt(i -> 1).sum();
    if (parameterValues < 20) {
      throw new IllegalStateException("expected 20 parameter values, got " + parameterValues);
    }
  }

  /** A 4 KiB order: nested objects, an array of 37 line items, numbers and strings. */
  static String orderJson() {
    StringBuilder json = new StringBuilder("{\"order\":{\"customer\":{\"name\":\"Ana O'Brien\","
        + "\"email\":\"ana@example.com\",\"address\":{\"street\":\"12 Harbour Road\",\"city\":\"Cork\"}},"
        + "\"items\":[");
    for (int i = 0; i < 37; i++) {
      json.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(1000 + i)
          .append("\",\"name\":\"Trail shoe size ").append(36 + i).append("\",\"qty\":").append(1 + i % 3)
          .append(",\"price\":").append(89.5 + i).append(",\"gift\":false,\"note\":\"leave at the door\"}");
    }
    json.append("],\"coupon\":\"SPRING-24\",\"comment\":\"Please ring twice; thanks!\"}}");
    return json.toString();
  }

  /** A JSON API request whose 4 KiB body the application read: body tee, parse and input collection. */
  @Benchmark
  public void jsonBodyRequestInputs(Blackhole blackhole) {
    RequestContext context = new RequestContext(ServletAccess.forRequest(jsonRequest), jsonRequest, response);
    context.bodyRead(jsonBody, 0, jsonBody.length);
    blackhole.consume(context.inputs().values());
  }

  /**
   * A JSON API request with the load benchmark's search body (196 bytes, 16 keys and values): the
   * common case, where the parse's fixed cost outweighs its cost per byte.
   */
  @Benchmark
  public void smallJsonBodyRequestInputs(Blackhole blackhole) {
    RequestContext context = new RequestContext(ServletAccess.forRequest(jsonRequest), jsonRequest, response);
    context.bodyRead(smallJsonBody, 0, smallJsonBody.length);
    blackhole.consume(context.inputs().values());
  }

  /** A GET with 20 query parameters (and 6 headers): their values and names become inputs. */
  @Benchmark
  public void twentyParameterRequestInputs(Blackhole blackhole) {
    RequestContext context =
        new RequestContext(ServletAccess.forRequest(twentyParameters), twentyParameters, response);
    blackhole.consume(context.inputs().values());
  }

  /** Opening a context (as requestEnter does: accessor lookup included) and collecting its inputs. */
  @Benchmark
  public void newContextAndInputs(Blackhole blackhole) {
    RequestContext context = new RequestContext(ServletAccess.forRequest(request), request, response);
    blackhole.consume(context.inputs().values());
  }
}
