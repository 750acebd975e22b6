package io.palisade.engine.context;

/**
 * {@code multipart/form-data}: the value of every field that is not a file, and the file name of
 * every file (file contents are not request values a sink is built from).
 */
final class MultipartBody {
  private MultipartBody() {}

  static void collect(String contentType, String text, RequestContext.InputCollector collector) {
    String boundary = BodyInputs.parameter(contentType, "boundary");
    if (boundary == null || boundary.isEmpty()) {
      return;
    }
    String delimiter = "--" + boundary;
    int position = text.indexOf(delimiter);
    int parts = 0;
    while (position >= 0 && parts < BodyInputs.MAX_VALUES) {
      int partStart = position + delimiter.length();
      if (text.startsWith("--", partStart)) {
        return; // the closing delimiter
      }
      int next = text.indexOf(delimiter, partStart);
      String part = text.substring(partStart, next < 0 ? text.length() : next);
      collectPart(part, next < 0, collector);
      parts++;
      position = next;
    }
  }

  private static void collectPart(String part, boolean cut, RequestContext.InputCollector collector) {
    int headersEnd = part.indexOf("\r\n\r\n");
    int separator = 4;
    if (headersEnd < 0) {
      headersEnd = part.indexOf("\n\n");
      separator = 2;
    }
    if (headersEnd < 0) {
      return;
    }
    String name = null;
    String fileName = null;
    for (String header : part.substring(0, headersEnd).split("\r?\n")) {
      int colon = header.indexOf(':');
      if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
        String disposition = header.substring(colon + 1);
        name = BodyInputs.parameter(disposition, "name");
        fileName = BodyInputs.parameter(disposition, "filename");
      }
    }
    if (name == null) {
      return;
    }
    if (fileName != null) {
      collector.addFileName(name, fileName);
      return;
    }
    String value = part.substring(headersEnd + separator);
    if (!cut) {
      // The line break before the next delimiter belongs to the delimiter.
      if (value.endsWith("\r\n")) {
        value = value.substring(0, value.length() - 2);
      } else if (value.endsWith("\n")) {
        value = value.substring(0, value.length() - 1);
      }
    }
    collector.add(RequestInput.Source.BODY, name, value);
  }
}
