package io.palisade.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Reads audit logs (JSON Lines, plain or gzip) and counts their findings by detector, action,
 * endpoint, input and client, over an optional time range. An aggregated event counts as its
 * {@code count}; lines that are not audit events are counted and named, never fatal.
 */
final class AuditScan {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_BAD_LINES_NAMED = 5;

  final Instant from;
  final Instant to;
  long findings;
  long events;
  long badLines;
  final List<String> badLineExamples = new ArrayList<>();
  Instant first;
  Instant last;
  final Map<String, Long> byDetector = new HashMap<>();
  final Map<String, Long> byAction = new HashMap<>();
  final Map<String, Long> byEndpoint = new HashMap<>();
  final Map<String, Long> byInput = new HashMap<>();
  final Map<String, Long> byClient = new HashMap<>();
  final Map<String, Long> byLifecycle = new HashMap<>();
  /** Findings per second (epoch second), and per action, for the charts. */
  final TreeMap<Long, Map<String, Long>> perSecond = new TreeMap<>();

  AuditScan(Instant from, Instant to) {
    this.from = from;
    this.to = to;
  }

  /** Reads one file; throws IOException when it cannot be read at all. */
  void read(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode event;
        Instant at;
        try {
          event = JSON.readTree(line);
          at = Instant.parse(event.path("timestamp").asText());
        } catch (IOException | DateTimeParseException e) {
          bad(file, number, "not an audit event");
          continue;
        }
        if (!event.isObject() || !event.has("event_type")) {
          bad(file, number, "no event_type");
          continue;
        }
        if ((from != null && at.isBefore(from)) || (to != null && !at.isBefore(to))) {
          continue;
        }
        add(event, at);
      }
    }
  }

  private void bad(Path file, int line, String why) {
    badLines++;
    if (badLineExamples.size() < MAX_BAD_LINES_NAMED) {
      badLineExamples.add(file + ":" + line + ": " + why);
    }
  }

  private void add(JsonNode event, Instant at) {
    events++;
    String type = event.path("event_type").asText();
    if (!"finding".equals(type)) {
      byLifecycle.merge(type, 1L, Long::sum);
      return;
    }
    long n = Math.max(1, event.path("count").asLong(1));
    findings += n;
    Instant start = event.hasNonNull("first_seen") ? parseOr(event.path("first_seen").asText(), at) : at;
    if (first == null || start.isBefore(first)) {
      first = start;
    }
    if (last == null || at.isAfter(last)) {
      last = at;
    }
    String action = text(event, "action");
    byDetector.merge(text(event, "detector"), n, Long::sum);
    byAction.merge(action, n, Long::sum);
    JsonNode request = event.path("request");
    byEndpoint.merge(text(request, "method") + " " + text(request, "path"), n, Long::sum);
    JsonNode input = event.path("input");
    byInput.merge(text(input, "source") + " " + text(input, "name"), n, Long::sum);
    byClient.merge(text(request, "client_ip"), n, Long::sum);
    perSecond.computeIfAbsent(at.getEpochSecond(), s -> new HashMap<>()).merge(action, n, Long::sum);
  }

  private static Instant parseOr(String text, Instant fallback) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return fallback;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "-" : v.asText();
  }

  /** The {@code n} largest entries, largest first, ties by name. */
  static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int n) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
    return entries.subList(0, Math.min(n, entries.size()));
  }

  /** Blocked (blocked and blocked_after_commit) and monitored counts, in that order. */
  Map<String, Long> blockedVsMonitored() {
    Map<String, Long> out = new LinkedHashMap<>();
    long blocked = 0;
    long monitored = 0;
    for (Map.Entry<String, Long> e : byAction.entrySet()) {
      if (e.getKey().startsWith("blocked")) {
        blocked += e.getValue();
      } else {
        monitored += e.getValue();
      }
    }
    out.put("blocked", blocked);
    out.put("monitored", monitored);
    return out;
  }

  /** Parses {@code --from}/{@code --to}: an ISO instant, or a date (midnight UTC). */
  static Instant parseTime(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }
  }
}
