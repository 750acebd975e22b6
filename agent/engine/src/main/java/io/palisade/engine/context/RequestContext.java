package io.palisade.engine.context;

import io.palisade.bootstrap.PalisadeBlockedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What one request carries, opened at the outermost servlet entry and closed when it returns. Values
 * are read lazily, at the first sink check, so a request that reaches no sink costs almost nothing.
 * Form parameters are read only once the application or container has parsed them: Palisade never
 * consumes a body the application has not read: bodies are a bounded copy of the application's own
 * reads (see {@link RequestBody}).
 */
public final class RequestContext {
  private final ServletAccess access;
  private final Object request;
  private final Object response;
  private final CaptureSettings settings;

  private volatile boolean parametersParsed;
  private volatile RequestBody body;
  private Inputs inputs;
  private boolean inputsIncludeParsedParameters;
  private long inputsBodySeen;
  private ClientAddress clientAddress;

  /** The guard over the response's HTML output, once the application asked for a writer. */
  private volatile ResponseGuard responseGuard;

  private volatile PalisadeBlockedException blocked;
  private volatile boolean blockedAfterCommit;
  private volatile boolean closed;
  private volatile boolean suspended;

  public RequestContext(ServletAccess access, Object request, Object response) {
    this(access, request, response, CaptureSettings.defaults());
  }

  public RequestContext(ServletAccess access, Object request, Object response, CaptureSettings settings) {
    this.access = access;
    this.request = request;
    this.response = response;
    this.settings = settings;
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

  /** The client's address: the socket peer, or what a trusted proxy forwarded. */
  public String clientIp() {
    return clientAddress().clientIp();
  }

  public synchronized ClientAddress clientAddress() {
    if (clientAddress == null) {
      clientAddress = ClientAddress.resolve(access.remoteAddr(request), access.header(request, "Forwarded"),
          access.header(request, "X-Forwarded-For"), settings.trustedProxies());
    }
    return clientAddress;
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

  /** The application read body bytes: keep a bounded copy. */
  public void bodyRead(byte[] buffer, int offset, int count) {
    body().appendBytes(buffer, offset, count);
  }

  /** The application read body characters through a container reader. */
  public void bodyCharsRead(String text) {
    body().appendChars(text);
  }

  private RequestBody body() {
    RequestBody current = body;
    if (current == null) {
      synchronized (this) {
        if (body == null) {
          body = new RequestBody(settings.maxBodyBytes());
        }
        current = body;
      }
    }
    return current;
  }

  public ResponseGuard responseGuard() {
    return responseGuard;
  }

  public void setResponseGuard(ResponseGuard guard) {
    responseGuard = guard;
  }

  /** The request has ended: work that outlives it no longer runs with its context. */
  public void close() {
    closed = true;
  }

  public boolean isOpen() {
    return !closed;
  }

  /** The request went asynchronous: it is remembered between its dispatches. */
  public void markSuspended() {
    suspended = true;
  }

  /** Whether the request was ever suspended between dispatches. */
  public boolean wasSuspended() {
    return suspended;
  }

  public boolean isBlocked() {
    return blocked != null;
  }

  public PalisadeBlockedException blockedException() {
    return blocked;
  }

  public void markBlocked(PalisadeBlockedException exception) {
    markBlocked(exception, false);
  }

  /** {@code afterCommit}: the response had started, so the block response could not replace it. */
  public void markBlocked(PalisadeBlockedException exception, boolean afterCommit) {
    if (blocked == null) {
      blocked = exception;
      blockedAfterCommit = afterCommit;
    }
  }

  public boolean isBlockedAfterCommit() {
    return blocked != null && blockedAfterCommit;
  }

  /**
   * Every value this request carried, in a stable order, one entry per distinct value. Collected
   * again when the form has been parsed or more of the body has been read since.
   */
  public synchronized Inputs inputs() {
    RequestBody currentBody = body;
    long bodySeen = currentBody == null ? 0 : currentBody.seen();
    if (inputs == null || (parametersParsed && !inputsIncludeParsedParameters) || bodySeen != inputsBodySeen) {
      collectInputs(currentBody);
      inputsBodySeen = bodySeen;
    }
    return inputs;
  }

  /** Something a check makes of a snapshot of the inputs; one shared instance per kind (the key). */
  public interface Derivation<T> {
    T derive(Inputs inputs);
  }

  private static final Object[] NO_PAIRS = new Object[0];

  /** The request's inputs and, index for index, their values: one snapshot, so indexes agree. */
  public static final class Inputs {
    private final List<RequestInput> all;
    private final List<String> values;
    private final List<RequestInput> decoded;
    private final List<String> decodedValues;
    /** Pairs of a derivation and what it derived, appended on first use (see {@link #derived}). */
    private volatile Object[] derivedPairs = NO_PAIRS;

    Inputs(List<RequestInput> all) {
      this.all = all;
      this.values = valuesOf(all);
      this.decoded = decodedForms(all);
      this.decodedValues = decoded.isEmpty() ? Collections.emptyList() : valuesOf(decoded);
    }

    private static List<String> valuesOf(List<RequestInput> inputs) {
      List<String> collected = new ArrayList<>(inputs.size());
      for (RequestInput input : inputs) {
        collected.add(input.value());
      }
      return Collections.unmodifiableList(collected);
    }

    private static List<RequestInput> decodedForms(List<RequestInput> inputs) {
      List<RequestInput> forms = null; // most requests decode to nothing: allocate only for a find
      Set<String> seen = null;
      for (RequestInput input : inputs) {
        for (int how = 0; how < 2; how++) {
          String value = how == 0 ? DecodedValues.urlDecoded(input.value()) : DecodedValues.base64Decoded(input.value());
          if (value == null) {
            continue;
          }
          if (seen == null) {
            seen = new HashSet<>(valuesOf(inputs));
            forms = new ArrayList<>();
          }
          if (seen.add(value)) {
            forms.add(input.decoded(value, how == 0 ? "url" : "base64"));
          }
        }
      }
      return forms == null ? Collections.emptyList() : Collections.unmodifiableList(forms);
    }

    /**
     * The inputs decoded once more (URL or Base64), for a second look when no raw value reached a
     * sink; index for index with {@link #decodedValues()}.
     */
    public List<RequestInput> decoded() {
      return decoded;
    }

    public List<String> decodedValues() {
      return decodedValues;
    }

    public List<RequestInput> all() {
      return all;
    }

    public List<String> values() {
      return values;
    }

    /**
     * What {@code derivation} makes of these inputs, made on the first call and kept with this
     * snapshot, so that a check prepares the request's values once for all of its sink calls rather
     * than once per call (the SQL check hashes the values' pieces). Derivations are pure: a race may
     * make one twice, never two different ones.
     */
    public <T> T derived(Derivation<T> derivation) {
      Object[] pairs = derivedPairs;
      for (int i = 0; i < pairs.length; i += 2) {
        if (pairs[i] == derivation) {
          @SuppressWarnings("unchecked")
          T made = (T) pairs[i + 1];
          return made;
        }
      }
      T made = derivation.derive(this);
      Object[] grown = java.util.Arrays.copyOf(pairs, pairs.length + 2);
      grown[pairs.length] = derivation;
      grown[pairs.length + 1] = made;
      derivedPairs = grown;
      return made;
    }

    public RequestInput get(int index) {
      return all.get(index);
    }
  }

  private void collectInputs(RequestBody currentBody) {
    InputCollector collector = new InputCollector();
    String query = access.queryString(request);
    collector.addPairs(query);
    boolean readParsedParameters = parametersParsed;
    // read once, and only when the parameters or a body need it
    String contentType = readParsedParameters || currentBody != null ? access.contentType(request) : null;
    if (readParsedParameters && containerParametersMayAddToQuery(query, contentType)) {
      // The container has parsed the body already: asking for the map reads nothing new.
      for (Map.Entry<String, String[]> parameter : access.parameterMap(request).entrySet()) {
        String[] parameterValues = parameter.getValue();
        if (parameterValues != null) {
          for (String value : parameterValues) {
            collector.add(RequestInput.Source.PARAMETER, parameter.getKey(), value);
          }
        }
        collector.addName(RequestInput.Source.PARAMETER, parameter.getKey(), parameter.getKey());
      }
    }
    collector.addPathSegments(access.requestUri(request));
    access.forEachHeader(request, collector);
    if (currentBody != null) {
      BodyInputs.collect(contentType, currentBody, collector);
    }
    inputs = new Inputs(collector.inputs());
    inputsIncludeParsedParameters = readParsedParameters;
  }

  /**
   * Whether the container's parsed parameters can hold a value the query string's pairs did not give:
   * only a form body adds parameters, and only an escaped non-ASCII byte decodes differently under a
   * container's other URI charset. Otherwise the map is skipped: the container builds a fresh copy of
   * it on every call, and most requests that read a parameter are GETs.
   */
  private static boolean containerParametersMayAddToQuery(String query, String contentType) {
    if (BodyInputs.isFormOrMultipart(contentType)) {
      return true;
    }
    if (query == null) {
      return false;
    }
    for (int i = 0, n = query.length(); i < n; i++) {
      char c = query.charAt(i);
      if (c >= 0x80 || c == '%' && i + 1 < n && "89abcdefABCDEF".indexOf(query.charAt(i + 1)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Gathers inputs, keeping the first source of each distinct value. */
  static final class InputCollector implements ServletAccess.HeaderVisitor {
    private final List<RequestInput> inputs = new ArrayList<>();
    private final DistinctStrings seen = new DistinctStrings();

    void add(RequestInput.Source source, String name, String value) {
      add(source, name, value, RequestInput.Part.VALUE);
    }

    /** A parameter name or JSON key: payloads hide there too. */
    void addName(RequestInput.Source source, String name, String value) {
      add(source, name, value, RequestInput.Part.NAME);
    }

    void addFileName(String fieldName, String fileName) {
      add(RequestInput.Source.BODY, fieldName, fileName, RequestInput.Part.FILENAME);
    }

    private void add(RequestInput.Source source, String name, String value, RequestInput.Part part) {
      if (isNew(value)) {
        inputs.add(new RequestInput(source, name, value, part, null));
      }
    }

    /**
     * True the first time a (non-empty) value is offered, and it is then taken as seen: a caller whose
     * input name costs something to build (a JSON pointer) builds it only for a new value, and then
     * calls {@link #addNew}. Bodies repeat keys and values a lot (every item of an array has the same).
     */
    boolean isNew(String value) {
      return value != null && !value.isEmpty() && seen.add(value);
    }

    /** The value already taken equal to {@code text} from {@code start} to {@code end}, or null. */
    String seen(String text, int start, int end) {
      return seen.find(text, start, end);
    }

    /** Adds a value {@link #isNew} has just accepted. */
    void addNew(RequestInput.Source source, String name, String value, RequestInput.Part part) {
      inputs.add(new RequestInput(source, name, value, part, null));
    }

    /** Adds a value {@link #isNew} has just accepted, named only if a finding ever reads its name. */
    void addNew(RequestInput.Source source, Supplier<String> name, String value, RequestInput.Part part) {
      inputs.add(new RequestInput(source, name, value, part));
    }

    /** A header value; the cookie header is split into its cookies. */
    @Override
    public void header(String name, String value) {
      if ("cookie".equals(name)) {
        addCookieHeader(value);
      } else {
        add(RequestInput.Source.HEADER, name, value);
      }
    }

    /** {@code a=1&b=2}, from a query string or a form body: names and values. */
    void addPairs(String encoded) {
      if (encoded == null || encoded.isEmpty()) {
        return;
      }
      for (String pair : encoded.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String name = UrlDecoding.decodeForm(equals < 0 ? pair : pair.substring(0, equals));
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        add(RequestInput.Source.PARAMETER, name, UrlDecoding.decodeForm(value));
        addName(RequestInput.Source.PARAMETER, name, name);
      }
    }

    void addPathSegments(String requestUri) {
      if (requestUri == null) {
        return;
      }
      int position = 0;
      int length = requestUri.length();
      for (int start = 0; start < length; ) {
        int slash = requestUri.indexOf('/', start);
        int end = slash < 0 ? length : slash;
        int segmentStart = start;
        start = end + 1;
        if (end == segmentStart) {
          continue;
        }
        position++;
        int matrixParameters = requestUri.indexOf(';', segmentStart);
        String bare = requestUri.substring(segmentStart, matrixParameters < 0 || matrixParameters > end ? end : matrixParameters);
        String value = UrlDecoding.decodePath(bare);
        if (isNew(value)) {
          addNew(RequestInput.Source.PATH, "segment " + position, value, RequestInput.Part.VALUE);
        }
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

    /** The inputs gathered; the collector is done with them (each collection has its own). */
    List<RequestInput> inputs() {
      return Collections.unmodifiableList(inputs);
    }
  }
}
