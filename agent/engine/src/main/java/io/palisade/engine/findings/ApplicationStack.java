package io.palisade.engine.findings;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * The application's frames of the stack at a sink, for the audit event: what a reviewer needs to find
 * the vulnerable line, without the plumbing around it.
 */
final class ApplicationStack {
  static final int MAX_FRAMES = 20;

  /**
   * Frames that are never the application's, skipped wherever they are: the agent, the JDK, JDBC
   * drivers and pools, the data-access and proxy layers of frameworks that sit between the
   * application's call and the driver (Spring's JdbcTemplate alone adds five frames on top), and
   * template engines between the application's call and the template being compiled.
   */
  private static final String[] SKIPPED_PACKAGES = {
    "io.palisade.engine.", "io.palisade.bootstrap.", "io.palisade.instrumentation.", "io.palisade.shaded.", "io.palisade.detector.",
    "java.", "javax.", "jdk.", "sun.", "com.sun.",
    "org.h2.", "org.postgresql.", "org.mariadb.", "com.mysql.", "oracle.jdbc.", "com.microsoft.sqlserver.",
    "com.zaxxer.hikari.", "org.apache.tomcat.jdbc.", "org.apache.commons.dbcp2.", "com.mchange.v2.",
    "okhttp3.", "okio.", "org.apache.hc.", "org.apache.http.", "org.springframework.http.client.",
    "org.springframework.web.client.",
    "org.springframework.jdbc.", "org.springframework.dao.", "org.springframework.transaction.",
    "org.springframework.aop.", "org.springframework.cglib.", "org.hibernate.", "org.jooq.", "org.apache.ibatis.",
    "org.mybatis.",
    // Template engines that compile what the application hands them (FreeMarker's Template constructors chain five deep).
    "freemarker."
  };

  /**
   * Where the request's own code ends, once an application frame was kept: the servlet API and the
   * containers below it, and web frameworks' dispatch (Spring MVC's handler invocation, its async
   * Callable runner), which would otherwise fill the event with a dozen frames per request.
   */
  private static final String[] BOUNDARY_PACKAGES = {
    "jakarta.servlet.", "javax.servlet.", "org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.",
    "org.eclipse.jetty.", "io.undertow.",
    "org.springframework.web.method.", "org.springframework.web.servlet.",
    "org.springframework.web.context.request.async."
  };

  private ApplicationStack() {}

  /** The current thread's application frames. */
  static List<String> current() {
    return StackWalker.getInstance().walk(frames -> trim(frames.iterator(), StackWalker.StackFrame::getClassName,
        frame -> frame.toStackTraceElement().toString()));
  }

  /** Keeps the application's frames of {@code frames} (innermost first), rendered by {@code render}. */
  static <F> List<String> trim(Iterator<F> frames, Function<F, String> className, Function<F, String> render) {
    List<String> kept = new ArrayList<>();
    while (frames.hasNext() && kept.size() < MAX_FRAMES) {
      F frame = frames.next();
      String name = className.apply(frame);
      if (!kept.isEmpty() && startsWithAny(name, BOUNDARY_PACKAGES)) {
        break;
      }
      if (!startsWithAny(name, SKIPPED_PACKAGES)) {
        kept.add(render.apply(frame));
      }
    }
    return kept;
  }

  private static boolean startsWithAny(String className, String[] prefixes) {
    for (String prefix : prefixes) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
