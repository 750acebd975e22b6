package io.palisade.engine.template;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;

/**
 * A template's text read from the reader the engine was about to parse, so it can be checked, and a
 * reader that gives the engine the same characters. When reading fails part-way, the engine still
 * sees what was read and then the same failure, as if it had read the reader itself.
 */
final class BufferedTemplateSource {
  private final String text;
  private final IOException failure;

  private BufferedTemplateSource(String text, IOException failure) {
    this.text = text;
    this.failure = failure;
  }

  static BufferedTemplateSource read(Reader source) {
    StringBuilder text = new StringBuilder();
    char[] chunk = new char[4096];
    try {
      for (int n; (n = source.read(chunk)) >= 0; ) {
        text.append(chunk, 0, n);
      }
      return new BufferedTemplateSource(text.toString(), null);
    } catch (IOException e) {
      return new BufferedTemplateSource(text.toString(), e);
    }
  }

  String text() {
    return text;
  }

  /** The reader to parse instead of the one that was read. */
  Reader replay() {
    if (failure == null) {
      return new StringReader(text);
    }
    return new Reader() {
      private final StringReader read = new StringReader(text);

      @Override
      public int read(char[] buffer, int offset, int length) throws IOException {
        int n = read.read(buffer, offset, length);
        if (n < 0) {
          throw failure;
        }
        return n;
      }

      @Override
      public void close() {
        read.close();
      }
    };
  }
}
