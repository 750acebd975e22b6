package io.palisade.engine.logging;

import java.io.PrintStream;
import java.time.Instant;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** Writes the agent's own diagnostics to stderr (and optionally a file), never to the application's logging. */
final class PalisadeLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  private final transient LogOutput output;

  PalisadeLogger(String name, LogOutput output) {
    this.name = name;
    this.output = output;
  }

  @Override
  public boolean isTraceEnabled() {
    return output.enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return output.enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return output.enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return output.enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return output.enabled(Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String messagePattern, Object[] arguments, Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
    output.write(level, message, throwable);
  }

  /** Where the lines go: stderr always, plus the file named by {@code palisade.log.file}. */
  static final class LogOutput {
    private final Level threshold;
    private final PrintStream file;

    LogOutput(Level threshold, PrintStream file) {
      this.threshold = threshold;
      this.file = file;
    }

    boolean enabled(Level level) {
      return level.toInt() >= threshold.toInt();
    }

    synchronized void write(Level level, String message, Throwable throwable) {
      String line = "[palisade] " + level + " " + message;
      System.err.println(line);
      if (throwable != null && isDebug()) {
        throwable.printStackTrace(System.err);
      } else if (throwable != null) {
        System.err.println("[palisade]   caused by " + throwable);
      }
      if (file != null) {
        file.println(Instant.now() + " " + line);
        if (throwable != null) {
          throwable.printStackTrace(file);
        }
        file.flush();
      }
    }

    private boolean isDebug() {
      return threshold.toInt() <= Level.DEBUG.toInt();
    }
  }
}
