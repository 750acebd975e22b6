package io.palisade.engine.context;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real Tomcat, the headers read from the container's own table must be exactly the inputs the
 * servlet API gives: same names, same values (decoded as Tomcat decodes them), same cookies.
 */
class TomcatHeadersTest {
  @TempDir static Path baseDir;

  private static Tomcat tomcat;
  private static int port;
  private static final AtomicReference<Captured> captured = new AtomicReference<>();

  /** What one request gave through both readers. */
  private static final class Captured {
    final boolean readContainerTable;
    final List<String> fromTable;
    final List<String> fromApi;

    Captured(boolean readContainerTable, List<String> fromTable, List<String> fromApi) {
      this.readContainerTable = readContainerTable;
      this.fromTable = fromTable;
      this.fromApi = fromApi;
    }
  }

  @BeforeAll
  static void startTomcat() throws Exception {
    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createDirectories(baseDir.resolve("tomcat")).toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", baseDir.toString());
    Tomcat.addServlet(context, "capture", new HttpServlet() {
      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response) {
        ServletAccess access = ServletAccess.forRequest(request);
        // A wrapper is not Tomcat's facade: it is read through the servlet API.
        HttpServletRequestWrapper wrapped = new HttpServletRequestWrapper(request);
        captured.set(new Captured(access.readsContainerHeaders(),
            describe(new RequestContext(access, request, response).inputs().all()),
            describe(new RequestContext(ServletAccess.forRequest(wrapped), wrapped, response).inputs().all())));
        response.setStatus(204);
      }
    });
    context.addServletMappingDecoded("/*", "capture");
    tomcat.start();
    port = connector.getLocalPort();
  }

  @AfterAll
  static void stopTomcat() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }

  @Test
  void readsTheSameHeadersAsTheServletApi() throws Exception {
    send("GET /books/42?q=x HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n"
        + "User-Agent: Mozilla/5.0 (X11) ' OR 1=1 --\r\n"
        + "X-Mixed-Case: first\r\n"
        + "x-mixed-case: second\r\n"
        + "Accept: text/html\r\n"
        + "X-Latin1: caf\u00e9 cr\u00e8me\r\n"
        + "Cookie: session=abc123; theme=\"dark\"\r\n"
        + "Cookie: lang=en\r\n"
        + "X-Empty:\r\n"
        + "Connection: close\r\n"
        + "\r\n");

    Captured request = captured.get();
    assertThat(request.readContainerTable).as("Tomcat's facade is read from its own header table").isTrue();
    assertThat(request.fromTable)
        .contains(
            "header 'user-agent'=Mozilla/5.0 (X11) ' OR 1=1 --",
            "header 'x-mixed-case'=first",
            "header 'x-mixed-case'=second",
            "header 'x-latin1'=caf\u00e9 cr\u00e8me",
            "cookie 'session'=abc123",
            "cookie 'theme'=dark",
            "cookie 'lang'=en")
        .noneMatch(input -> input.startsWith("header 'cookie'") || input.startsWith("header 'x-empty'"));
    // The same inputs: the table lists values in arrival order, the API groups them by name.
    assertThat(request.fromTable).containsExactlyInAnyOrderElementsOf(request.fromApi);
  }

  @Test
  void aRequestWithoutHeadersGivesNone() throws Exception {
    send("GET /plain HTTP/1.0\r\n\r\n");

    Captured request = captured.get();
    assertThat(request.readContainerTable).isTrue();
    assertThat(request.fromTable).containsExactly("path 'segment 1'=plain");
    assertThat(request.fromApi).isEqualTo(request.fromTable);
  }

  /** Raw bytes, ISO-8859-1, as a client may send them: no HTTP client rewrites a name or a value. */
  private static void send(String request) throws Exception {
    captured.set(null);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder statusLine = new StringBuilder();
      for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
        statusLine.append((char) b);
      }
      assertThat(statusLine.toString()).startsWith("HTTP/1.1 204");
    }
  }

  private static List<String> describe(List<RequestInput> inputs) {
    List<String> described = new ArrayList<>();
    for (RequestInput input : inputs) {
      described.add(input.toString());
    }
    return described;
  }
}
