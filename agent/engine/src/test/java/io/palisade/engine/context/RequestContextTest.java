package io.palisade.engine.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestContextTest {

  @ParameterizedTest
  @ValueSource(strings = {"javax.servlet", "jakarta.servlet"})
  void capturesQueryPathHeadersAndCookiesInBothNamespaces(String namespace) throws Exception {
    FakeServletRequest fake =
        new FakeServletRequest("GET", "/books/42/O%27Brien", "id=1+OR+1%3D1&q=caf%C3%A9&flag")
            .header("User-Agent", "curl/8")
            .header("Cookie", "session=abc123; theme=\"dark\"");
    Object request = fake.as(namespace);
    RequestContext context = new RequestContext(ServletAccess.forRequest(request), request, null);

    assertThat(describe(context.inputs().all()))
        .containsExactly(
            "parameter 'id'=1 OR 1=1",
            "parameter name 'id'=id",
            "parameter 'q'=café",
            "parameter name 'q'=q",
            "parameter name 'flag'=flag",
            "path 'segment 1'=books",
            "path 'segment 2'=42",
            "path 'segment 3'=O'Brien",
            "header 'user-agent'=curl/8",
            "cookie 'session'=abc123",
            "cookie 'theme'=dark");
    assertThat(context.method()).isEqualTo("GET");
    assertThat(context.path()).isEqualTo("/books/42/O%27Brien");
    assertThat(context.clientIp()).isEqualTo("203.0.113.7");
  }

  @ParameterizedTest
  @ValueSource(strings = {"javax.servlet", "jakarta.servlet"})
  void readsFormParametersOnlyOnceTheApplicationParsedThem(String namespace) throws Exception {
    FakeServletRequest fake = new FakeServletRequest("POST", "/login", null).formParameter("username", "admin'--");
    Object request = fake.as(namespace);
    RequestContext context = new RequestContext(ServletAccess.forRequest(request), request, null);

    assertThat(context.inputs().values()).doesNotContain("admin'--");
    assertThat(fake.calls).doesNotContain("getParameterMap", "getParameter", "getInputStream", "getReader");

    context.markParametersParsed();
    assertThat(context.inputs().all()).anySatisfy(input -> {
      assertThat(input.source()).isEqualTo(RequestInput.Source.PARAMETER);
      assertThat(input.name()).isEqualTo("username");
      assertThat(input.value()).isEqualTo("admin'--");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"javax.servlet", "jakarta.servlet"})
  void whatAChecksDerivesFromTheInputsIsKeptUntilTheyChange(String namespace) throws Exception {
    FakeServletRequest fake = new FakeServletRequest("POST", "/login", "next=home").formParameter("username", "admin'--");
    Object request = fake.as(namespace);
    RequestContext context = new RequestContext(ServletAccess.forRequest(request), request, null);
    java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
    RequestContext.Derivation<List<String>> upperCased = inputs -> {
      made.incrementAndGet();
      return inputs.values().stream().map(String::toUpperCase).collect(Collectors.toList());
    };
    RequestContext.Derivation<Integer> counted = inputs -> inputs.values().size();

    List<String> first = context.inputs().derived(upperCased);
    assertThat(first).contains("HOME").doesNotContain("ADMIN'--");
    assertThat(context.inputs().derived(upperCased)).isSameAs(first);
    assertThat(context.inputs().derived(counted)).isEqualTo(context.inputs().values().size());
    assertThat(made).hasValue(1);

    // the form is parsed: a new snapshot, derived anew
    context.markParametersParsed();
    assertThat(context.inputs().derived(upperCased)).contains("HOME", "ADMIN'--");
    assertThat(made).hasValue(2);
  }

  /**
   * A GET's parameters are its query string's: the container's map (a fresh copy on every call) is read
   * only when its URI charset could have decoded an escaped non-ASCII byte differently.
   */
  @ParameterizedTest
  @ValueSource(strings = {"javax.servlet", "jakarta.servlet"})
  void readsTheContainersParametersOfAGetOnlyWhereTheyCanDifferFromTheQueryString(String namespace) throws Exception {
    FakeServletRequest ascii = new FakeServletRequest("GET", "/search", "q=O%27Brien").queryParameter("q", "O'Brien");
    assertThat(valuesOnceParametersParsed(ascii, namespace)).contains("O'Brien");
    assertThat(ascii.calls).doesNotContain("getParameterMap");

    // a container decoding its URIs as ISO-8859-1 reads %C3%A9 as two characters, and so does the application
    FakeServletRequest latin1 = new FakeServletRequest("GET", "/search", "q=caf%C3%A9'--").queryParameter("q", "cafÃ©'--");
    assertThat(valuesOnceParametersParsed(latin1, namespace)).contains("café'--", "cafÃ©'--");
  }

  private static List<String> valuesOnceParametersParsed(FakeServletRequest fake, String namespace) throws Exception {
    Object request = fake.as(namespace);
    RequestContext context = new RequestContext(ServletAccess.forRequest(request), request, null);
    context.markParametersParsed();
    return context.inputs().values();
  }

  @ParameterizedTest
  @ValueSource(strings = {"javax.servlet", "jakarta.servlet"})
  void keepsOneEntryPerDistinctValue(String namespace) throws Exception {
    FakeServletRequest fake = new FakeServletRequest("GET", "/x/7", "a=7&b=7").header("X-Id", "7");
    Object request = fake.as(namespace);
    RequestContext context = new RequestContext(ServletAccess.forRequest(request), request, null);

    assertThat(describe(context.inputs().all()))
        .containsExactly("parameter 'a'=7", "parameter name 'a'=a", "parameter name 'b'=b", "path 'segment 1'=x");
  }

  /** Jetty and Undertow report header names as the client sent them, Tomcat in lower case. */
  @ParameterizedTest
  @ValueSource(strings = {"javax.servlet", "jakarta.servlet"})
  void namesHeadersInLowerCaseWhateverCaseTheContainerReports(String namespace) throws Exception {
    FakeServletRequest fake = new FakeServletRequest("GET", "/stock", null)
        .header("X-Warehouse", "north' OR '1'='1")
        .header("x-trace-id", "abc-123");
    Object request = fake.as(namespace);
    RequestContext context = new RequestContext(ServletAccess.forRequest(request), request, null);

    assertThat(describe(context.inputs().all())).containsExactly(
        "path 'segment 1'=stock", "header 'x-warehouse'=north' OR '1'='1", "header 'x-trace-id'=abc-123");
  }

  private static List<String> describe(List<RequestInput> inputs) {
    return inputs.stream().map(RequestInput::toString).collect(Collectors.toList());
  }
}
