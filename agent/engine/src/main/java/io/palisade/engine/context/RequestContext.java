package io.palisade.engine.context;

import io.palisade.bootstrap.PalisadeBlockedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one request carries, opened at the outermost servlet entry and closed when it returns. Values
 * are read lazily, at the first sink check, so a request that reaches no sink costs almost nothing.
 * Form parameters are read only once the application or container has parsed them: Palisade never
 * consumes a body the application has not read.
 */
public final class RequestContext {
  private final ServletAccess access;
  private final Object request;
  private final Object response;

  private volatile boolean parametersParsed;
  private Inputs inputs;
  private boolean inputsIncludeParsedParameters;

  private volatile PalisadeBlockedException blocked;

  public RequestContext(ServletAccess access, Object request, Object response) {
    this.access = access;
    this.request = request;
    this.response = response;
  }

  public ServletAccess access() {
    return access;
  }

  public Object request() {
    return request;
  }

  public Object response() {
    return response;
  }

  public String method() {
    return access.method(request);
  }

  /** The request URI, without the query string. */
  public String path() {
    return access.requestUri(request);
  }

  public String clientIp() {
    return access.remoteAddr(request);
  }

  /** The authenticated principal's name, read when needed: filters may authenticate after entry. */
  public String user() {
    return access.userName(request);
  }

  public String header(String name) {
    return access.header(request, name);
  }

  public void markParametersParsed() {
    parametersParsed = true;
  }

  public boolean isBlocked() {
    return blocked != null;
  }

  public PalisadeBlockedException blockedException() {
    return blocked;
  }

  public void markBlocked(PalisadeBlockedException exception) {
    if (blocked == null) {
      blocked = exception;
    }
  }

  /**
   * Every value this request carried, in a stable order, one entry per distinct value. Collected
   * again, once, when the form body has been parsed since.
   */
  public synchronized Inputs inputs() {
    if (inputs == null || (parametersParsed && !inputsIncludeParsedParameters)) {
      collectInputs();
    }
    return inputs;
  }

  /** The request's inputs and, index for index, their values: one snapshot, so indexes agree. */
  public static final class Inputs {
    private final List<RequestInput> all;
    private final List<String> values;

    Inputs(List<RequestInput> all) {
      this.all = all;
      List<String> collected = new ArrayList<>(all.size());
      for (RequestInput input : all) {
        collected.add(input.value());
      }
      this.values = Collections.unmodifiableList(collected);
    }

    public List<RequestInput> all() {
      return all;
    }

    public List<String> values() {
      return values;
    }

    public RequestInput get(int index) {
      return all.get(index);
    }
  }

  private void collectInputs() {
    InputCollector collector = new InputCollector();
    collector.addQueryString(access.queryString(request));
    boolean readParsedParameters = parametersParsed;
    if (readParsedParameters) {
      // The container has parsed the body already: asking for the map reads nothing new.
      for (Map.Entry<String, String[]> parameter : access.parameterMap(request).entrySet()) {
        String[] parameterValues = parameter.getValue();
        if (parameterValues != null) {
          for (String value : parameterValues) {
            collector.add(RequestInput.Source.PARAMETER, parameter.getKey(), value);
          }
        }
      }
    }
    collector.addPathSegments(access.requestUri(request));
    Enumeration<String> headerNames = access.headerNames(request);
    while (headerNames.hasMoreElements()) {
      String name = headerNames.nextElement();
      if ("cookie".equals(name.toLowerCase(Locale.ROOT))) {
        Enumeration<String> cookieHeaders = access.headers(request, name);
        while (cookieHeaders.hasMoreElements()) {
          collector.addCookieHeader(cookieHeaders.nextElement());
        }
        continue;
      }
      Enumeration<String> headerValues = access.headers(request, name);
      while (headerValues.hasMoreElements()) {
        collector.add(RequestInput.Source.HEADER, name, headerValues.nextElement());
      }
    }
    inputs = new Inputs(collector.inputs());
    inputsIncludeParsedParameters = readParsedParameters;
  }

  /** Gathers inputs, keeping the first source of each distinct value. */
  static final class InputCollector {
    private final List<RequestInput> inputs = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    void add(RequestInput.Source source, String name, String value) {
      if (value == null || value.isEmpty() || !seen.add(value)) {
        return;
      }
      inputs.add(new RequestInput(source, name, value));
    }

    void addQueryString(String queryString) {
      if (queryString == null || queryString.isEmpty()) {
        return;
      }
      for (String pair : queryString.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        add(RequestInput.Source.PARAMETER, UrlDecoding.decodeForm(name), UrlDecoding.decodeForm(value));
      }
    }

    void addPathSegments(String requestUri) {
      if (requestUri == null) {
        return;
      }
      int position = 0;
      for (String segment : requestUri.split("/")) {
        if (segment.isEmpty()) {
          continue;
        }
        position++;
        int matrixParameters = segment.indexOf(';');
        String bare = matrixParameters < 0 ? segment : segment.substring(0, matrixParameters);
        add(RequestInput.Source.PATH, "segment " + position, UrlDecoding.decodePath(bare));
      }
    }

    void addCookieHeader(String cookieHeader) {
      if (cookieHeader == null) {
        return;
      }
      for (String pair : cookieHeader.split(";")) {
        int equals = pair.indexOf('=');
        if (equals <= 0) {
          continue;
        }
        String name = pair.substring(0, equals).trim();
        String value = pair.substring(equals + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        add(RequestInput.Source.COOKIE, name, value);
      }
    }

    List<RequestInput> inputs() {
      return Collections.unmodifiableList(new ArrayList<>(inputs));
    }
  }
}
