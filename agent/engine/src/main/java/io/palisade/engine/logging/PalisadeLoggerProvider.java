package io.palisade.engine.logging;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The agent's private SLF4J binding. SLF4J is shaded into the agent, so this provider serves only
 * Palisade's own loggers. Level: {@code -Dpalisade.log.level} (default info); optional copy to the
 * file named by {@code -Dpalisade.log.file}.
 */
public final class PalisadeLoggerProvider implements SLF4JServiceProvider {
  private ILoggerFactory loggerFactory;
  private final IMarkerFactory markerFactory = new BasicMarkerFactory();
  private final MDCAdapter mdcAdapter = new BasicMDCAdapter();

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggerFactory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markerFactory;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    PalisadeLogger.LogOutput output = new PalisadeLogger.LogOutput(threshold(), openLogFile());
    ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    loggerFactory = name -> loggers.computeIfAbsent(name, n -> new PalisadeLogger(n, output));
  }

  private static Level threshold() {
    String configured = System.getProperty("palisade.log.level", "info").trim().toUpperCase(Locale.ROOT);
    try {
      return Level.valueOf(configured);
    } catch (IllegalArgumentException e) {
      System.err.println("[palisade] unknown palisade.log.level '" + configured + "', using INFO");
      return Level.INFO;
    }
  }

  private static PrintStream openLogFile() {
    String path = System.getProperty("palisade.log.file");
    if (path == null || path.isEmpty()) {
      return null;
    }
    try {
      return new PrintStream(new FileOutputStream(path, true), true, StandardCharsets.UTF_8.name());
    } catch (IOException e) {
      System.err.println("[palisade] cannot open palisade.log.file " + path + ": " + e.getMessage());
      return null;
    }
  }
}
