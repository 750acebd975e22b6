package io.palisade.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads an agent audit log: JSON Lines, one event a line. Every complete line must be valid JSON. */
final class AuditLogReader {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private AuditLogReader() {}

  /** Every complete line of the file, parsed. A missing file has no events. */
  static List<JsonNode> events(Path file) {
    List<JsonNode> events = new ArrayList<>();
    if (!Files.exists(file)) {
      return events;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("cannot read the audit log " + file, e);
    }
    int start = 0;
    int lineNumber = 0;
    while (true) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        break; // a line still being written
      }
      lineNumber++;
      String line = text.substring(start, end).trim();
      start = end + 1;
      if (line.isEmpty()) {
        continue;
      }
      try {
        events.add(MAPPER.readTree(line));
      } catch (IOException e) {
        throw new AssertionError("line " + lineNumber + " of " + file + " is not JSON: " + line, e);
      }
    }
    return events;
  }

  static String text(Path file) {
    return AppProcess.read(file);
  }

  static String type(JsonNode event) {
    return event.path("event_type").asText("");
  }

  static boolean isFinding(JsonNode event) {
    return "finding".equals(type(event));
  }
}
