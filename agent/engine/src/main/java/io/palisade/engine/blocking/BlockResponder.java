package io.palisade.engine.blocking;

import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.ServletAccess;
import io.palisade.policy.BlockResponse;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the policy's block response at the sink, before the blocking exception is thrown, so the
 * client gets it whatever the application or framework does with the exception. Afterwards the
 * response is closed: nothing the application writes later reaches the client.
 */
public final class BlockResponder {
  private static final Logger log = LoggerFactory.getLogger(BlockResponder.class);

  private BlockResponder() {}

  /**
   * Sends the block response (with {@code status} and extra {@code headers}: an access refusal's 401
   * with WWW-Authenticate, 429 with Retry-After) and records the refusal exactly once. {@code record}
   * gets {@code false} once the response is reset to the block's status and headers and before its
   * body leaves, so the audit event is queued ahead of anything the client does after seeing the
   * block. When no body was sent it gets, afterwards, {@code true} (the response was already
   * committed: nothing could be replaced) or {@code null} (writing failed). Returns what it passed.
   */
  public static Boolean respondAndRecord(RequestContext context, BlockResponse blockResponse, int status,
      String eventId, Map<String, String> headers, Consumer<Boolean> record) {
    boolean[] recorded = {false};
    Runnable beforeSending = () -> {
      recorded[0] = true;
      record.accept(Boolean.FALSE);
    };
    Boolean committedBeforeBlock;
    try {
      committedBeforeBlock = !respond(context, blockResponse, status, eventId, headers, beforeSending);
    } catch (RuntimeException responseFailure) {
      // Fail closed: the caller refuses the request even when its response could not be written.
      committedBeforeBlock = recorded[0] ? Boolean.FALSE : null;
      log.warn("could not write the block response of event {}: {}", eventId, responseFailure.toString());
    }
    if (!recorded[0]) {
      record.accept(committedBeforeBlock);
    }
    return committedBeforeBlock;
  }

  /** Writes the block response; false when the response was already committed and nothing was written. */
  private static boolean respond(RequestContext context, BlockResponse blockResponse, int status, String eventId,
      Map<String, String> headers, Runnable beforeSending) {
    ServletAccess.ResponseMethods methods = context.access().response();
    Object response = context.response();
    if (methods.isCommitted(response)) {
      // Too late to replace: nothing is flushed or closed here, so the response stays incomplete;
      // the servlet exit ends the call with the blocking exception and the container aborts it.
      return false;
    }
    boolean wantsJson = wantsJson(context.header("Accept"));
    String body = blockResponse.render(eventId, wantsJson);
    // reset() drops what the application buffered so far, including headers such as Set-Cookie.
    methods.reset(response);
    methods.setStatus(response, status);
    methods.setContentType(response, blockResponse.contentTypeFor(wantsJson));
    methods.setHeader(response, "Cache-Control", "no-store");
    for (Map.Entry<String, String> header : headers.entrySet()) {
      methods.setHeader(response, header.getKey(), header.getValue());
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    methods.setHeader(response, "Content-Length", Integer.toString(bytes.length));
    beforeSending.run();
    try {
      OutputStream out = methods.outputStream(response);
      out.write(bytes);
      out.flush();
    } catch (IllegalStateException writerAlreadyInUse) {
      PrintWriter writer = methods.writer(response);
      writer.write(body);
      writer.flush();
    } catch (java.io.IOException clientGone) {
      // The client disconnected: nothing more to send.
    }
    closeOutput(methods, response);
    return true;
  }

  public static boolean wantsJson(String accept) {
    if (accept == null) {
      return false;
    }
    String lower = accept.toLowerCase(Locale.ROOT);
    int json = Math.max(lower.indexOf("application/json"), lower.indexOf("+json"));
    if (json < 0) {
      return false;
    }
    int html = lower.indexOf("text/html");
    return html < 0 || json < html;
  }

  private static void closeOutput(ServletAccess.ResponseMethods methods, Object response) {
    try {
      methods.flushBuffer(response);
    } catch (Exception ignored) {
      // already committed or client gone
    }
    try {
      methods.outputStream(response).close();
    } catch (IllegalStateException writerInUse) {
      try {
        methods.writer(response).close();
      } catch (RuntimeException ignored) {
        // nothing more we can do
      }
    } catch (Exception ignored) {
      // client gone
    }
  }
}
