package io.palisade.engine.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SupertypePrescreenTest {
  private final ClassLoader loader = getClass().getClassLoader();
  private final SupertypePrescreen prescreen =
      new SupertypePrescreen(Arrays.asList("java.sql.Statement", "jakarta.servlet.Filter"));

  @Test
  void readsNameSuperclassAndInterfacesFromTheRawClassFile() throws IOException {
    ClassHeader header = ClassHeader.parse(bytesOf(DirectStatement.class));
    assertThat(header.name).isEqualTo("io/palisade/engine/instrumentation/SupertypePrescreenTest$DirectStatement");
    assertThat(header.superName).isEqualTo("java/lang/Object");
    assertThat(header.interfaces).containsExactly("java/sql/Statement");
    assertThat(header.isInterface).isFalse();
    assertThat(ClassHeader.parse(new byte[] {1, 2, 3})).isNull();
  }

  @Test
  void letsThroughEverySubtypeOfAHookedType() throws IOException {
    assertThat(prescreen.mayBeTarget(loader, bytesOf(DirectStatement.class))).isTrue();
    // Through a superclass, and through a JDK sub-interface read from the platform's class files.
    assertThat(prescreen.mayBeTarget(loader, bytesOf(InheritedStatement.class))).isTrue();
    assertThat(prescreen.mayBeTarget(loader, bytesOf(ViaPreparedStatement.class))).isTrue();
    assertThat(prescreen.mayBeTarget(loader, bytesOf(jakarta.servlet.http.HttpFilter.class))).isTrue();
  }

  @Test
  void stopsWhatCannotMatch() throws IOException {
    assertThat(prescreen.mayBeTarget(loader, bytesOf(Unrelated.class))).isFalse();
    assertThat(prescreen.mayBeTarget(loader, bytesOf(String.class))).isFalse();
    assertThat(prescreen.mayBeTarget(loader, bytesOf(jakarta.servlet.http.HttpServlet.class))).isFalse();
  }

  @Test
  void letsThroughWhatItCannotRead() {
    assertThat(prescreen.mayBeTarget(loader, new byte[] {(byte) 0xCA, (byte) 0xFE})).isTrue();
  }

  private byte[] bytesOf(Class<?> type) throws IOException {
    String resource = type.getName().replace('.', '/') + ".class";
    try (InputStream in = ClassLoader.getSystemResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }

  abstract static class DirectStatement implements Statement {}

  abstract static class InheritedStatement extends DirectStatement {}

  abstract static class ViaPreparedStatement implements PreparedStatement {}

  static class Unrelated implements Runnable {
    @Override
    public void run() {}
  }
}
