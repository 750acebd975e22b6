package io.palisade.engine.context;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
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

  private final Method getMethod;
  private final Method getRequestUri;
  private final Method getQueryString;
  private final Method getRemoteAddr;
  private final Method getHeaderNames;
  private final Method getHeaders;
  private final Method getHeader;
  private final Method getContentType;
  private final Method getParameterMap;
  private final Method getUserPrincipal;
  private final Method isAsyncStarted;
  private final Method getDispatcherType;
  private final Method getContextPath;
  private final Method isUserInRole;
  private final Method getSession;
  private final Method getSessionAttribute;
  private final ResponseMethods response;

  private ServletAccess(Class<?> requestInterface, Class<?> responseInterface) throws NoSuchMethodException {
    getMethod = requestInterface.getMethod("getMethod");
    getRequestUri = requestInterface.getMethod("getRequestURI");
    getQueryString = requestInterface.getMethod("getQueryString");
    getRemoteAddr = requestInterface.getMethod("getRemoteAddr");
    getHeaderNames = requestInterface.getMethod("getHeaderNames");
    getHeaders = requestInterface.getMethod("getHeaders", String.class);
    getHeader = requestInterface.getMethod("getHeader", String.class);
    getContentType = requestInterface.getMethod("getContentType");
    getParameterMap = requestInterface.getMethod("getParameterMap");
    getUserPrincipal = requestInterface.getMethod("getUserPrincipal");
    // Servlet 3.0 and later; a 2.5 container has no async requests.
    isAsyncStarted = optionalMethod(requestInterface, "isAsyncStarted");
    getDispatcherType = optionalMethod(requestInterface, "getDispatcherType");
    getContextPath = requestInterface.getMethod("getContextPath");
    isUserInRole = requestInterface.getMethod("isUserInRole", String.class);
    getSession = requestInterface.getMethod("getSession", boolean.class);
    getSessionAttribute = getSession.getReturnType().getMethod("getAttribute", String.class);
    response = new ResponseMethods(responseInterface);
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
        return new ServletAccess(requestInterface, responseInterface);
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
    return (String) call(getRequestUri, request);
  }

  String queryString(Object request) {
    return (String) call(getQueryString, request);
  }

  String remoteAddr(Object request) {
    return (String) call(getRemoteAddr, request);
  }

  String header(Object request, String name) {
    return (String) call(getHeader, request, name);
  }

  String contentType(Object request) {
    return (String) call(getContentType, request);
  }

  @SuppressWarnings("unchecked")
  Enumeration<String> headerNames(Object request) {
    Enumeration<String> names = (Enumeration<String>) call(getHeaderNames, request);
    return names == null ? Collections.<String>emptyEnumeration() : names;
  }

  @SuppressWarnings("unchecked")
  Enumeration<String> headers(Object request, String name) {
    Enumeration<String> values = (Enumeration<String>) call(getHeaders, request, name);
    return values == null ? Collections.<String>emptyEnumeration() : values;
  }

  @SuppressWarnings("unchecked")
  Map<String, String[]> parameterMap(Object request) {
    Map<String, String[]> map = (Map<String, String[]>) call(getParameterMap, request);
    return map == null ? Collections.<String, String[]>emptyMap() : map;
  }

  /** True when the request was put into asynchronous mode and goes on after this dispatch returns. */
  public boolean isAsyncStarted(Object request) {
    return isAsyncStarted != null && Boolean.TRUE.equals(call(isAsyncStarted, request));
  }

  /** True for the dispatch that continues an asynchronous request ({@code DispatcherType.ASYNC}). */
  public boolean isAsyncDispatch(Object request) {
    if (getDispatcherType == null) {
      return false;
    }
    Object type = call(getDispatcherType, request);
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
    Object type = call(getDispatcherType, request);
    return type == null || "REQUEST".equals(type.toString());
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
          return call(asyncInterface.getMethod("getRequest"), asyncContext);
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

  static Object call(Method method, Object target, Object... args) {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The few response methods blocking needs. */
  public static final class ResponseMethods {
    private final Method isCommitted;
    private final Method reset;
    private final Method setStatus;
    private final Method setContentType;
    private final Method setHeader;
    private final Method getOutputStream;
    private final Method getWriter;
    private final Method flushBuffer;
    private final Method getContentType;
    private final Method getBufferSize;
    private final Method setBufferSize;
    private final Method getCharacterEncoding;

    ResponseMethods(Class<?> responseInterface) throws NoSuchMethodException {
      isCommitted = responseInterface.getMethod("isCommitted");
      reset = responseInterface.getMethod("reset");
      setStatus = responseInterface.getMethod("setStatus", int.class);
      setContentType = responseInterface.getMethod("setContentType", String.class);
      setHeader = responseInterface.getMethod("setHeader", String.class, String.class);
      getOutputStream = responseInterface.getMethod("getOutputStream");
      getWriter = responseInterface.getMethod("getWriter");
      flushBuffer = responseInterface.getMethod("flushBuffer");
      getContentType = responseInterface.getMethod("getContentType");
      getBufferSize = responseInterface.getMethod("getBufferSize");
      setBufferSize = responseInterface.getMethod("setBufferSize", int.class);
      getCharacterEncoding = responseInterface.getMethod("getCharacterEncoding");
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
      return (String) call(getContentType, response);
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
