package io.palisade.engine.context;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * XML bodies: the text of every element and the value of every attribute, named by their element
 * path ({@code /order/item/@sku}). The JDK's own StAX parser, with DTDs and external entities off:
 * reading a body must never make Palisade fetch anything.
 */
final class XmlBody {
  private XmlBody() {}

  static void collect(String text, RequestContext.InputCollector collector) {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    Deque<String> path = new ArrayDeque<>();
    StringBuilder elementText = new StringBuilder();
    int values = 0;
    XMLStreamReader reader = null;
    try {
      reader = factory.createXMLStreamReader(new StringReader(text));
      while (reader.hasNext() && values < BodyInputs.MAX_VALUES) {
        switch (reader.next()) {
          case XMLStreamConstants.START_ELEMENT:
            flush(path, elementText, collector);
            path.addLast(reader.getLocalName());
            for (int i = 0; i < reader.getAttributeCount(); i++) {
              collector.add(RequestInput.Source.BODY,
                  join(path) + "/@" + reader.getAttributeLocalName(i), reader.getAttributeValue(i));
              values++;
            }
            break;
          case XMLStreamConstants.CHARACTERS:
          case XMLStreamConstants.CDATA:
            elementText.append(reader.getText());
            break;
          case XMLStreamConstants.END_ELEMENT:
            if (flush(path, elementText, collector)) {
              values++;
            }
            path.pollLast();
            break;
          default:
            break;
        }
      }
    } catch (XMLStreamException | RuntimeException cutOrMalformed) {
      flush(path, elementText, collector);
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException ignored) {
          // nothing held
        }
      }
    }
  }

  private static boolean flush(Deque<String> path, StringBuilder elementText, RequestContext.InputCollector collector) {
    String value = elementText.toString().trim();
    elementText.setLength(0);
    if (value.isEmpty() || path.isEmpty()) {
      return false;
    }
    collector.add(RequestInput.Source.BODY, join(path), value);
    return true;
  }

  private static String join(Deque<String> path) {
    StringBuilder joined = new StringBuilder();
    for (String element : path) {
      joined.append('/').append(element);
    }
    return joined.toString();
  }
}
