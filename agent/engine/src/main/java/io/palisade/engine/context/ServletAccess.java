package io.palisade.engine.context;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;

/**
 * Reads servlet requests and writes servlet responses by reflection, so the same code serves the
 * {@code javax.servlet} and {@code jakarta.servlet} namespaces: the method names are identical, only
 * the package differs. Methods are resolved once per request class, through the public interface.
 */
public final class ServletAccess {
  private static final String[] NAMESPACES = {"jakarta.servlet.", "javax.servlet."};

  private static final ClassValue<ServletAccess> BY_REQUEST_CLASS =
      new ClassValue<ServletAccess>() {
        @Override
        protected ServletAccess computeValue(Class<?> requestClass) {
          return resolve(requestClass);
        }
      };

  private final MethodHandle getMethod;
  private final MethodHandle getRequestUri;
  private final MethodHandle getQueryString;
  private final MethodHandle getRemoteAddr;
  private final MethodHandle getHeaderNames;
  private final MethodHandle getHeaders;
  private final MethodHandle getHeader;
  private final MethodHandle getContentType;
  private final MethodHandle getParameterMap;
  private final MethodHandle getUserPrincipal;
  private final MethodHandle isAsyncStarted;
  private final MethodHandle getDispatcherType;
  private final MethodHandle getContextPath;
  private final MethodHandle isUserInRole;
  private final MethodHandle getSession;
  private final MethodHandle getSessionAttribute;
  private final ResponseMethods response;
  /** Tomcat's own header table is read instead of the API's enumerations (see {@link TomcatHeaders}). */
  private final boolean tomcatHeaders;
  /** This request's API is the one {@link PrimaryApi} holds as constants. */
  private final boolean primary;

  /** Receives a request's headers one value at a time. */
  interface HeaderVisitor {
    /** @param name lower case, whatever case the client or container used */
    void header(String name, String value);
  }

  private ServletAccess(Class<?> requestClass, Class<?> requestInterface, Class<?> responseInterface)
      throws NoSuchMethodException {
    getMethod = handle(requestInterface.getMethod("getMethod"));
    getRequestUri = handle(requestInterface.getMethod("getRequestURI"));
    getQueryString = handle(requestInterface.getMethod("getQueryString"));
    getRemoteAddr = handle(requestInterface.getMethod("getRemoteAddr"));
    getHeaderNames = handle(requestInterface.getMethod("getHeaderNames"));
    getHeaders = handle(requestInterface.getMethod("getHeaders", String.class));
    getHeader = handle(requestInterface.getMethod("getHeader", String.class));
    getContentType = handle(requestInterface.getMethod("getContentType"));
    getParameterMap = handle(requestInterface.getMethod("getParameterMap"));
    getUserPrincipal = handle(requestInterface.getMethod("getUserPrincipal"));
    // Servlet 3.0 and later; a 2.5 container has no async requests.
    isAsyncStarted = handle(optionalMethod(requestInterface, "isAsyncStarted"));
    getDispatcherType = handle(optionalMethod(requestInterface, "getDispatcherType"));
    getContextPath = handle(requestInterface.getMethod("getContextPath"));
    isUserInRole = handle(requestInterface.getMethod("isUserInRole", String.class));
    getSession = handle(requestInterface.getMethod("getSession", boolean.class));
    getSessionAttribute =
        handle(requestInterface.getMethod("getSession", boolean.class).getReturnType().getMethod("getAttribute", String.class));
    response = new ResponseMethods(responseInterface);
    primary = isPrimaryApi(this, requestInterface, responseInterface);
    response.primary = primary;
    tomcatHeaders = TomcatHeaders.reads(requestClass);
  }

  private static Method optionalMethod(Class<?> type, String name) {
    try {
      return type.getMethod(name);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** The accessor for this request's class, or null when it is not an HTTP servlet request. */
  public static ServletAccess forRequest(Object request) {
    return BY_REQUEST_CLASS.get(request.getClass());
  }

  private static ServletAccess resolve(Class<?> requestClass) {
    for (String namespace : NAMESPACES) {
      Class<?> requestInterface = findInterface(requestClass, namespace + "http.HttpServletRequest");
      if (requestInterface == null) {
        continue;
      }
      try {
        Class<?> responseInterface =
            Class.forName(namespace + "http.HttpServletResponse", false, requestInterface.getClassLoader());
        return new ServletAccess(requestClass, requestInterface, responseInterface);
      } catch (ReflectiveOperationException | LinkageError e) {
        return null;
      }
    }
    return null;
  }

  private static Class<?> findInterface(Class<?> type, String interfaceName) {
    for (Class<?> current = type; current != null; current = current.getSuperclass()) {
      for (Class<?> candidate : current.getInterfaces()) {
        if (candidate.getName().equals(interfaceName)) {
          return candidate;
        }
        Class<?> inherited = findInterface(candidate, interfaceName);
        if (inherited != null) {
          return inherited;
        }
      }
    }
    return null;
  }

  String method(Object request) {
    return (String) call(getMethod, request);
  }

  String requestUri(Object request) {
    return (String) (primary ? call(PrimaryApi.GET_REQUEST_URI, request) : call(getRequestUri, request));
  }

  String queryString(Object request) {
    return (String) (primary ? call(PrimaryApi.GET_QUERY_STRING, request) : call(getQueryString, request));
  }

  String remoteAddr(Object request) {
    return (String) call(getRemoteAddr, request);
  }

  String header(Object request, String name) {
    return (String) call(getHeader, request, name);
  }

  String contentType(Object request) {
    return (String) (primary ? call(PrimaryApi.GET_CONTENT_TYPE, request) : call(getContentType, request));
  }

  /**
   * Every header value of the request, with its name in lower case (the HTTP/2 form): names are
   * case-insensitive and containers disagree on the case they report (Tomcat lower-cases them, Jetty
   * and Undertow keep the client's), so the same attack reads the same on every container.
   */
  void forEachHeader(Object request, HeaderVisitor visitor) {
    if (tomcatHeaders && TomcatHeaders.forEach(request, visitor)) {
      return;
    }
    @SuppressWarnings("unchecked")
    Enumeration<String> names = (Enumeration<String>)
        (primary ? call(PrimaryApi.GET_HEADER_NAMES, request) : call(getHeaderNames, request));
    while (names != null && names.hasMoreElements()) {
      String name = names.nextElement();
      String lowerCaseName = name.toLowerCase(Locale.ROOT);
      @SuppressWarnings("unchecked")
      Enumeration<String> values = (Enumeration<String>)
          (primary ? call(PrimaryApi.GET_HEADERS, request, name) : call(getHeaders, request, name));
      while (values != null && values.hasMoreElements()) {
        visitor.header(lowerCaseName, values.nextElement());
      }
    }
  }

  /** Whether headers are read from the container's own table rather than through the servlet API. */
  boolean readsContainerHeaders() {
    return tomcatHeaders;
  }

  @SuppressWarnings("unchecked")
  Map<String, String[]> parameterMap(Object request) {
    Map<String, String[]> map = (Map<String, String[]>) call(getParameterMap, request);
    return map == null ? Collections.<String, String[]>emptyMap() : map;
  }

  /** True when the request was put into asynchronous mode and goes on after this dispatch returns. */
  public boolean isAsyncStarted(Object request) {
    if (isAsyncStarted == null) {
      return false;
    }
    return Boolean.TRUE.equals(primary ? call(PrimaryApi.IS_ASYNC_STARTED, request) : call(isAsyncStarted, request));
  }

  /** True for the dispatch that continues an asynchronous request ({@code DispatcherType.ASYNC}). */
  public boolean isAsyncDispatch(Object request) {
    if (getDispatcherType == null) {
      return false;
    }
    Object type = dispatcherType(request);
    return type != null && "ASYNC".equals(type.toString());
  }

  /**
   * True for a request as the client sent it ({@code DispatcherType.REQUEST}, or a container without
   * dispatcher types), false for forwards, includes, error pages and async continuations.
   */
  public boolean isClientRequestDispatch(Object request) {
    if (getDispatcherType == null) {
      return true;
    }
    Object type = dispatcherType(request);
    return type == null || "REQUEST".equals(type.toString());
  }

  private Object dispatcherType(Object request) {
    return primary ? call(PrimaryApi.GET_DISPATCHER_TYPE, request) : call(getDispatcherType, request);
  }

  String contextPath(Object request) {
    return (String) call(getContextPath, request);
  }

  boolean isUserInRole(Object request, String role) {
    return Boolean.TRUE.equals(call(isUserInRole, request, role));
  }

  /** Whether the request's existing session holds the attribute; never creates a session. */
  boolean hasSessionAttribute(Object request, String name) {
    Object session = call(getSession, request, false);
    return session != null && call(getSessionAttribute, session, name) != null;
  }

  /** The request an {@code AsyncContext} belongs to, for either namespace, or null. */
  public static Object requestOfAsyncContext(Object asyncContext) {
    for (String namespace : NAMESPACES) {
      Class<?> asyncInterface = findInterface(asyncContext.getClass(), namespace + "AsyncContext");
      if (asyncInterface != null) {
        try {
          return call(handle(asyncInterface.getMethod("getRequest")), asyncContext);
        } catch (NoSuchMethodException e) {
          return null;
        }
      }
    }
    return null;
  }

  String userName(Object request) {
    Principal principal = (Principal) call(getUserPrincipal, request);
    return principal == null ? null : principal.getName();
  }

  public ResponseMethods response() {
    return response;
  }

  /**
   * A method handle for a public interface method, with every parameter and the result as Object
   * (primitives boxed): called through {@code invokeExact} with no argument array and no reflective
   * accessor, which costs less on the request path than {@code Method.invoke}; null for null.
   */
  static MethodHandle handle(Method method) {
    if (method == null) {
      return null;
    }
    try {
      MethodHandle handle = MethodHandles.publicLookup().unreflect(method);
      return handle.asType(MethodType.genericMethodType(handle.type().parameterCount()));
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  static Object call(MethodHandle handle, Object target) {
    try {
      return (Object) handle.invokeExact(target);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable checked) {
      throw new IllegalStateException(checked);
    }
  }

  static Object call(MethodHandle handle, Object target, Object argument) {
    try {
      return (Object) handle.invokeExact(target, argument);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable checked) {
      throw new IllegalStateException(checked);
    }
  }

  static Object call(MethodHandle handle, Object target, Object first, Object second) {
    try {
      return (Object) handle.invokeExact(target, first, second);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable checked) {
      throw new IllegalStateException(checked);
    }
  }

  /** The accessor offered to {@link PrimaryApi} while it initialises, and its interfaces; guarded by the class lock. */
  private static ServletAccess offeredAccess;
  private static Class<?>[] offeredInterfaces;

  /**
   * Whether these interfaces are the ones {@link PrimaryApi} holds; the first accessor ever asked about
   * lends it its handles.
   */
  private static synchronized boolean isPrimaryApi(ServletAccess access, Class<?> requestInterface,
      Class<?> responseInterface) {
    offeredAccess = access;
    offeredInterfaces = new Class<?>[] {requestInterface, responseInterface};
    try {
      return PrimaryApi.REQUEST_INTERFACE == requestInterface && PrimaryApi.RESPONSE_INTERFACE == responseInterface;
    } catch (LinkageError initialisationFailed) {
      return false;
    } finally {
      offeredAccess = null;
      offeredInterfaces = null;
    }
  }

  /**
   * The handles of the calls made on every request, as {@code static final} constants: the JIT compiles
   * a call through a constant handle into a direct call, while a handle in an ordinary field goes
   * through the handle's generic invoker each time (in the load benchmark's profile, that invoker was
   * most of these calls' cost). Copied from the first accessor made, for the servlet API it serves (one
   * namespace, one class loader: a JVM runs one container); any other API is called through its
   * accessor's own handles.
   */
  private static final class PrimaryApi {
    static final Class<?> REQUEST_INTERFACE;
    static final Class<?> RESPONSE_INTERFACE;
    static final MethodHandle GET_REQUEST_URI;
    static final MethodHandle GET_QUERY_STRING;
    static final MethodHandle GET_CONTENT_TYPE;
    static final MethodHandle GET_HEADER_NAMES;
    static final MethodHandle GET_HEADERS;
    static final MethodHandle IS_ASYNC_STARTED;
    static final MethodHandle GET_DISPATCHER_TYPE;
    static final MethodHandle RESPONSE_CONTENT_TYPE;

    static {
      ServletAccess first = offeredAccess;
      REQUEST_INTERFACE = offeredInterfaces[0];
      RESPONSE_INTERFACE = offeredInterfaces[1];
      GET_REQUEST_URI = first.getRequestUri;
      GET_QUERY_STRING = first.getQueryString;
      GET_CONTENT_TYPE = first.getContentType;
      GET_HEADER_NAMES = first.getHeaderNames;
      GET_HEADERS = first.getHeaders;
      IS_ASYNC_STARTED = first.isAsyncStarted;
      GET_DISPATCHER_TYPE = first.getDispatcherType;
      RESPONSE_CONTENT_TYPE = first.response.getContentType;
    }
  }

  /** The few response methods blocking needs. */
  public static final class ResponseMethods {
    private final MethodHandle isCommitted;
    private final MethodHandle reset;
    private final MethodHandle setStatus;
    private final MethodHandle setContentType;
    private final MethodHandle setHeader;
    private final MethodHandle getOutputStream;
    private final MethodHandle getWriter;
    private final MethodHandle flushBuffer;
    private final MethodHandle getContentType;
    private final MethodHandle getBufferSize;
    private final MethodHandle setBufferSize;
    private final MethodHandle getCharacterEncoding;

    /** Set once by the accessor that made these, before it is published. */
    private boolean primary;

    ResponseMethods(Class<?> responseInterface) throws NoSuchMethodException {
      isCommitted = handle(responseInterface.getMethod("isCommitted"));
      reset = handle(responseInterface.getMethod("reset"));
      setStatus = handle(responseInterface.getMethod("setStatus", int.class));
      setContentType = handle(responseInterface.getMethod("setContentType", String.class));
      setHeader = handle(responseInterface.getMethod("setHeader", String.class, String.class));
      getOutputStream = handle(responseInterface.getMethod("getOutputStream"));
      getWriter = handle(responseInterface.getMethod("getWriter"));
      flushBuffer = handle(responseInterface.getMethod("flushBuffer"));
      getContentType = handle(responseInterface.getMethod("getContentType"));
      getBufferSize = handle(responseInterface.getMethod("getBufferSize"));
      setBufferSize = handle(responseInterface.getMethod("setBufferSize", int.class));
      getCharacterEncoding = handle(responseInterface.getMethod("getCharacterEncoding"));
    }

    public boolean isCommitted(Object response) {
      return (Boolean) call(isCommitted, response);
    }

    public void reset(Object response) {
      call(reset, response);
    }

    public void setStatus(Object response, int status) {
      call(setStatus, response, status);
    }

    public void setContentType(Object response, String contentType) {
      call(setContentType, response, contentType);
    }

    public void setHeader(Object response, String name, String value) {
      call(setHeader, response, name, value);
    }

    /** The response's ServletOutputStream (an OutputStream in both namespaces). */
    public java.io.OutputStream outputStream(Object response) {
      return (java.io.OutputStream) call(getOutputStream, response);
    }

    public java.io.PrintWriter writer(Object response) {
      return (java.io.PrintWriter) call(getWriter, response);
    }

    public void flushBuffer(Object response) {
      call(flushBuffer, response);
    }

    public String contentType(Object response) {
      return (String) (primary ? call(PrimaryApi.RESPONSE_CONTENT_TYPE, response) : call(getContentType, response));
    }

    public int bufferSize(Object response) {
      return (Integer) call(getBufferSize, response);
    }

    public void setBufferSize(Object response, int size) {
      call(setBufferSize, response, size);
    }

    /** The charset the response's text is encoded in (the container's default when none was set). */
    public String characterEncoding(Object response) {
      return (String) call(getCharacterEncoding, response);
    }
  }
}
