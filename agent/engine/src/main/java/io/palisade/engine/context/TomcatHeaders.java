package io.palisade.engine.context;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.util.Locale;

/**
 * Reads a Tomcat request's headers from the container's own header table, once, in arrival order.
 *
 * <p>Through the servlet API, every request that reaches a sink paid for its headers twice over: the
 * name enumeration compares each name with all before it, {@code getHeaders(name)} scans the whole
 * table again for each name, and each value is decoded through a {@code CharsetDecoder}. Here the
 * table is walked by index and each value is built straight from its bytes with the charset Tomcat
 * itself decodes it with, so the strings are equal to what {@code getHeader} returns. A value Tomcat
 * holds as a string already (set by a valve, say) is taken as it is.
 *
 * <p>Reading one header takes a dozen calls into Tomcat. Through method handles held in ordinary
 * fields, each call goes through the handle's generic invoker and the walk cost as much as the servlet
 * API; held in {@code static final} fields, the handles are constants that the JIT compiles into
 * direct calls. So the handles are resolved once per JVM, for the first Tomcat request class it serves
 * (a JVM runs one Tomcat); any other container, a second Tomcat in other class loaders, or a Tomcat
 * whose internals differ is read through the servlet API.
 */
final class TomcatHeaders {
  private static final String FACADE = "org.apache.catalina.connector.RequestFacade";

  /** The facade class offered to {@link Handles} while it initialises; guarded by the class lock. */
  private static Class<?> offered;

  private TomcatHeaders() {}

  /** Whether this request class is the Tomcat facade whose header table can be read directly. */
  static synchronized boolean reads(Class<?> requestClass) {
    if (!FACADE.equals(requestClass.getName())) {
      return false;
    }
    offered = requestClass;
    try {
      return Handles.FACADE == requestClass;
    } catch (LinkageError initialisationFailed) {
      return false;
    } finally {
      offered = null;
    }
  }

  /** Tomcat's methods as constants, for the facade class first offered; FACADE null when unresolvable. */
  private static final class Handles {
    static final Class<?> FACADE;
    static final MethodHandle FACADE_REQUEST;
    static final MethodHandle COYOTE_REQUEST;
    static final MethodHandle MIME_HEADERS;
    static final MethodHandle SIZE;
    static final MethodHandle NAME;
    static final MethodHandle VALUE;
    static final MethodHandle TYPE;
    static final MethodHandle BYTE_CHUNK;
    static final MethodHandle BUFFER;
    static final MethodHandle START;
    static final MethodHandle LENGTH;
    static final MethodHandle CHARSET;
    static final int BYTES_TYPE;

    static {
      Class<?> facade = offered;
      MethodHandle[] resolved = new MethodHandle[12];
      int bytesType = -1;
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Field requestField = facade.getDeclaredField("request");
        requestField.setAccessible(true);
        resolved[0] = MethodHandles.lookup().unreflectGetter(requestField);
        Method getCoyoteRequest = requestField.getType().getMethod("getCoyoteRequest");
        resolved[1] = lookup.unreflect(getCoyoteRequest);
        Method getMimeHeaders = getCoyoteRequest.getReturnType().getMethod("getMimeHeaders");
        resolved[2] = lookup.unreflect(getMimeHeaders);
        Class<?> headers = getMimeHeaders.getReturnType();
        resolved[3] = lookup.unreflect(headers.getMethod("size"));
        Method getName = headers.getMethod("getName", int.class);
        resolved[4] = lookup.unreflect(getName);
        resolved[5] = lookup.unreflect(headers.getMethod("getValue", int.class));
        Class<?> messageBytes = getName.getReturnType();
        resolved[6] = lookup.unreflect(messageBytes.getMethod("getType"));
        bytesType = messageBytes.getField("T_BYTES").getInt(null);
        Method getByteChunk = messageBytes.getMethod("getByteChunk");
        resolved[7] = lookup.unreflect(getByteChunk);
        Class<?> chunk = getByteChunk.getReturnType();
        resolved[8] = lookup.unreflect(chunk.getMethod("getBuffer"));
        resolved[9] = lookup.unreflect(chunk.getMethod("getStart"));
        resolved[10] = lookup.unreflect(chunk.getMethod("getLength"));
        resolved[11] = lookup.unreflect(chunk.getMethod("getCharset"));
        for (int i = 0; i < resolved.length; i++) {
          resolved[i] = resolved[i].asType(MethodType.genericMethodType(resolved[i].type().parameterCount()));
        }
      } catch (Throwable internalsDiffer) {
        // another Tomcat, a named module, a security manager: the servlet API still works
        facade = null;
      }
      FACADE = facade;
      FACADE_REQUEST = resolved[0];
      COYOTE_REQUEST = resolved[1];
      MIME_HEADERS = resolved[2];
      SIZE = resolved[3];
      NAME = resolved[4];
      VALUE = resolved[5];
      TYPE = resolved[6];
      BYTE_CHUNK = resolved[7];
      BUFFER = resolved[8];
      START = resolved[9];
      LENGTH = resolved[10];
      CHARSET = resolved[11];
      BYTES_TYPE = bytesType;
    }
  }

  /**
   * Hands every header of a request whose class {@link #reads} accepted to {@code visitor}, name in
   * lower case; false, having handed over nothing, when the table cannot be reached (the facade was
   * already recycled, say): the caller then asks the servlet API.
   */
  static boolean forEach(Object facade, ServletAccess.HeaderVisitor visitor) {
    Object headers;
    int count;
    try {
      Object request = (Object) Handles.FACADE_REQUEST.invokeExact(facade);
      if (request == null) {
        return false;
      }
      Object coyoteRequest = (Object) Handles.COYOTE_REQUEST.invokeExact(request);
      headers = (Object) Handles.MIME_HEADERS.invokeExact(coyoteRequest);
      count = (Integer) (Object) Handles.SIZE.invokeExact(headers);
    } catch (Throwable unreachable) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      Object index = i;
      Object name;
      Object value;
      try {
        name = (Object) Handles.NAME.invokeExact(headers, index);
        value = (Object) Handles.VALUE.invokeExact(headers, index);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable checked) {
        throw new IllegalStateException(checked);
      }
      String nameText = text(name);
      if (nameText != null) {
        visitor.header(nameText.toLowerCase(Locale.ROOT), text(value));
      }
    }
    return true;
  }

  /** What {@code MessageBytes.toString()} returns, without its decoder for the usual byte form. */
  private static String text(Object messageBytes) {
    if (messageBytes == null) {
      return null;
    }
    try {
      if ((Integer) (Object) Handles.TYPE.invokeExact(messageBytes) != Handles.BYTES_TYPE) {
        return messageBytes.toString();
      }
      Object chunk = (Object) Handles.BYTE_CHUNK.invokeExact(messageBytes);
      byte[] bytes = (byte[]) (Object) Handles.BUFFER.invokeExact(chunk);
      Charset charset = (Charset) (Object) Handles.CHARSET.invokeExact(chunk);
      if (bytes == null || charset == null) {
        return messageBytes.toString();
      }
      int start = (Integer) (Object) Handles.START.invokeExact(chunk);
      int length = (Integer) (Object) Handles.LENGTH.invokeExact(chunk);
      // A String built from bytes replaces malformed input, as Tomcat's decoder is told to.
      return new String(bytes, start, length, charset);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable checked) {
      throw new IllegalStateException(checked);
    }
  }
}
