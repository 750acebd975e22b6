package io.palisade.benchmarks;

import io.palisade.audit.AuditLog;
import io.palisade.audit.AuditSettings;
import io.palisade.bootstrap.Bridge;
import io.palisade.bootstrap.RequestScope;
import io.palisade.engine.PalisadeEngine;
import io.palisade.engine.ServiceInfo;
import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.ServletAccess;
import io.palisade.engine.findings.FindingReporter;
import io.palisade.engine.findings.PolicyState;
import io.palisade.policy.PolicyLoadResult;
import io.palisade.policy.PolicyLoader;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The XSS response check per rendered page, through the real engine and bridge: an HTML page of
 * {@code kib} KiB written row by row (about 100 characters a write, as a template or a hand-written
 * servlet does) to the response's writer ({@code WRITER}) or as UTF-8 bytes to its output stream
 * ({@code STREAM}). {@code PLAIN} writes to the container's writer or stream with no agent; the other
 * cases go through what the agent's advice does ({@code Bridge.responseWriter}, the stream's writes
 * offered to {@code Bridge.responseBytes}) in a request whose values are inert
 * ({@code NO_ACTIVE_VALUE}: the guard passes every write through), hold an active value that the page
 * does not contain ({@code ACTIVE_NOT_REFLECTED}: every byte is matched), or whose active value the page
 * reflects once, escaped by the sanitize action with its audit event ({@code REFLECTED_SANITIZED}).
 * The ratio of each case to {@code PLAIN} of the same size and output is the added cost per rendered
 * kilobyte.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class XssResponseBenchmark {
  public enum Output { WRITER, STREAM }

  public enum Case { PLAIN, NO_ACTIVE_VALUE, ACTIVE_NOT_REFLECTED, REFLECTED_SANITIZED }

  static final String PAYLOAD = "<img src=x onerror=alert(1)>";

  @Param({"10", "100"})
  public int kib;

  @Param({"WRITER", "STREAM"})
  public Output output;

  @Param({"PLAIN", "NO_ACTIVE_VALUE", "ACTIVE_NOT_REFLECTED", "REFLECTED_SANITIZED"})
  public Case scenario;

  private String[] rows;
  private byte[][] rowBytes;
  private final StringBuilder chars = new StringBuilder(128 * 1024);
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 * 1024);
  private PrintWriter containerWriter;
  private AdvisedStream containerStream;
  private HttpServletResponse response;
  private RequestContext context;
  private AuditLog audit;
  private Path auditDir;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    List<String> page = new ArrayList<>();
    page.add("<!DOCTYPE html><html><head><title>Catalogue – Bücher</title></head><body><table>\n");
    int length = page.get(0).length();
    for (int row = 0; length < kib * 1024; row++) {
      String line = "<tr class=\"row\"><td><a href=\"/books/" + row + "\">Book number " + row
          + "</a></td><td>in stock &amp; shipping</td></tr>\n";
      if (row == 40 && scenario == Case.REFLECTED_SANITIZED) {
        line = "<tr><td>You searched for " + PAYLOAD + "</td></tr>\n";
      }
      page.add(line);
      length += line.length();
    }
    page.add("</table></body></html>\n");
    rows = page.toArray(new String[0]);
    rowBytes = new byte[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      rowBytes[i] = rows[i].getBytes(StandardCharsets.UTF_8);
    }
    containerWriter = new PrintWriter(new Writer() {
      @Override
      public void write(char[] buffer, int offset, int count) {
        chars.append(buffer, offset, count);
      }

      @Override
      public void write(String text, int offset, int count) {
        chars.append(text, offset, offset + count);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
    containerStream = new AdvisedStream(bytes, scenario != Case.PLAIN);
    response = htmlResponse(containerStream, containerWriter);
    if (scenario == Case.PLAIN) {
      return;
    }
    auditDir = Files.createTempDirectory("palisade-bench");
    String policyJson = "{\"version\":1,\"name\":\"bench\",\"mode\":\"block\",\"detectors\":{\"xss\":{\"mode\":\"sanitize\"}},"
        + "\"audit\":{\"path\":\"x.jsonl\"}}";
    PolicyLoadResult loaded = PolicyLoader.parse(policyJson.getBytes(StandardCharsets.UTF_8), "bench.json");
    if (!loaded.errors().isEmpty()) {
      throw new IllegalStateException(loaded.errors().toString());
    }
    audit = AuditLog.open(AuditSettings.builder().path(auditDir.resolve("audit.jsonl")).build());
    Bridge.install(new PalisadeEngine(new FindingReporter(new PolicyState(loaded.policy(), audit), ServiceInfo.detect())));
    String query = scenario == Case.NO_ACTIVE_VALUE
        ? "q=trail+running+shoes&category=outdoor&page=3&sort=price_asc"
        : "q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&category=outdoor&page=3&sort=price_asc";
    HttpServletRequest request = FakeRequests.request("GET", "/search", query, new LinkedHashMap<>());
    context = new RequestContext(ServletAccess.forRequest(request), request, response);
    RequestScope.set(context);
    if (scenario != Case.NO_ACTIVE_VALUE && !context.inputs().values().contains(PAYLOAD)) {
      throw new IllegalStateException("the request does not carry the payload: " + context.inputs().values());
    }
    render();
    String rendered = output == Output.WRITER ? chars.toString() : bytes.toString(StandardCharsets.UTF_8);
    String whole = String.join("", rows);
    String expected = scenario == Case.REFLECTED_SANITIZED
        ? whole.replace(PAYLOAD, "&lt;img src=x onerror=alert(1)&gt;") : whole;
    if (!rendered.equals(expected)) {
      throw new IllegalStateException("the guarded page is not what the check should make of it");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    RequestScope.clear();
    Bridge.install(null);
    if (audit != null) {
      audit.close();
    }
  }

  /** One page rendered, as the response of one request: a fresh guard each time. */
  @Benchmark
  public int render() throws IOException {
    if (context != null) {
      context.setResponseGuard(null);
    }
    if (output == Output.WRITER) {
      chars.setLength(0);
      PrintWriter writer = scenario == Case.PLAIN ? containerWriter : Bridge.responseWriter(response, containerWriter);
      for (String row : rows) {
        writer.print(row);
      }
      finish();
      return chars.length();
    }
    bytes.reset();
    if (scenario != Case.PLAIN) {
      Bridge.responseStream(response, containerStream);
    }
    for (byte[] row : rowBytes) {
      containerStream.write(row);
    }
    finish();
    return bytes.size();
  }

  /** The end of the dispatch: the engine releases what the check still holds. */
  private void finish() {
    if (context != null && context.responseGuard() != null) {
      context.responseGuard().finish();
    }
  }

  /** The container's stream with what the agent's advice inlines into its write methods. */
  static final class AdvisedStream extends ServletOutputStream {
    private final ByteArrayOutputStream out;
    private final boolean advised;

    AdvisedStream(ByteArrayOutputStream out, boolean advised) {
      this.out = out;
      this.advised = advised;
    }

    @Override
    public void write(byte[] b) {
      if (advised && Bridge.responseBytes(this, b, 0, b.length)) {
        return;
      }
      out.write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (advised && Bridge.responseBytes(this, b, off, len)) {
        return;
      }
      out.write(b, off, len);
    }

    @Override
    public void write(int b) {
      if (advised && Bridge.responseByte(this, b)) {
        return;
      }
      out.write(b);
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {}
  }

  /** An uncommitted text/html UTF-8 response with a 64 KiB buffer. */
  static HttpServletResponse htmlResponse(ServletOutputStream stream, PrintWriter writer) {
    Map<String, Object> answers = new LinkedHashMap<>();
    answers.put("getContentType", "text/html;charset=UTF-8");
    answers.put("getCharacterEncoding", "UTF-8");
    answers.put("isCommitted", false);
    answers.put("getBufferSize", 64 * 1024);
    answers.put("getOutputStream", stream);
    answers.put("getWriter", writer);
    return (HttpServletResponse) Proxy.newProxyInstance(
        HttpServletResponse.class.getClassLoader(),
        new Class<?>[] {HttpServletResponse.class},
        (proxy, m, args) -> {
          switch (m.getName()) {
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            default:
              return answers.get(m.getName());
          }
        });
  }
}
