package io.palisade.engine.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
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

  /** The shapes of method matcher Palisade's instrumentation modules use. */
  private static final List<ElementMatcher<? super MethodDescription>> MODULE_SHAPED_MATCHERS = Arrays.asList(
      namedOneOf("executeQuery", "execute", "addBatch").and(isPublic()).and(not(isAbstract()))
          .and(takesArgument(0, String.class)),
      named("write").and(takesArguments(byte[].class, int.class, int.class)).and(not(isAbstract())),
      named("write").and(takesArguments(ByteBuffer.class)),
      named("write").and(takesArguments(int.class)),
      named("flush").and(takesNoArguments()),
      named("getWriter").and(takesArguments(0)).and(returns(named("java.io.PrintWriter"))).and(isPublic()),
      named("execute").and(isPublic()).and(takesArguments(Runnable.class)),
      isConstructor().and(takesArguments(2)).and(takesArgument(0, named("java.io.Reader"))),
      named("valueOf").and(isStatic()).and(takesArguments(char[].class)),
      named("println").and(takesArgument(0, String[].class)));

  @Test
  void listsTheDeclaredMethodsOfTheRawClassFile() throws IOException {
    List<String> methods = new ArrayList<>();
    ClassHeader header = ClassHeader.parse(bytesOf(ExecutingStatement.class));
    assertThat(header.visitMethods((access, name, descriptor) -> methods.add(name + descriptor))).isTrue();
    assertThat(methods).containsExactly("<init>()V", "executeQuery(Ljava/lang/String;)Ljava/sql/ResultSet;");

    // A visitor may stop early.
    AtomicInteger visited = new AtomicInteger();
    ClassHeader.parse(bytesOf(String.class)).visitMethods((access, name, descriptor) -> visited.incrementAndGet() < 3);
    assertThat(visited).hasValue(3);
  }

  /**
   * The description read from the raw class file must answer the modules' matchers as Byte Buddy's
   * description of the loaded class does, method by method.
   */
  @Test
  void describesDeclaredMethodsAsTheLoadedClassWouldForTheModulesMatchers() throws IOException {
    int matches = 0;
    for (Class<?> type : Arrays.asList(String.class, java.io.PrintWriter.class, java.io.OutputStream.class,
        java.util.concurrent.ThreadPoolExecutor.class, java.io.BufferedReader.class, ExecutingStatement.class,
        jakarta.servlet.http.HttpServletResponseWrapper.class, jakarta.servlet.ServletOutputStream.class)) {
      TypeDescription loaded = TypeDescription.ForLoadedType.of(type);
      ClassHeader header = ClassHeader.parse(bytesOf(type));
      TypeDescription declaring = DeclaredMethodDescription.typeNamed(type.getName(), header.access);
      List<String> visited = new ArrayList<>();
      boolean readable = header.visitMethods((access, name, descriptor) -> {
        if (name.equals("<clinit>")) {
          return true; // Byte Buddy does not list the type initialiser among the declared methods
        }
        visited.add(name + descriptor);
        MethodDescription raw = new DeclaredMethodDescription(declaring, access, name, descriptor);
        MethodDescription real = loaded.getDeclaredMethods()
            .filter(m -> m.getInternalName().equals(name) && m.getDescriptor().equals(descriptor))
            .getOnly();
        assertThat(raw.getDescriptor()).isEqualTo(descriptor);
        for (ElementMatcher<? super MethodDescription> matcher : MODULE_SHAPED_MATCHERS) {
          assertThat(matcher.matches(raw)).as("%s on %s.%s%s", matcher, type.getName(), name, descriptor)
              .isEqualTo(matcher.matches(real));
        }
        return true;
      });
      assertThat(readable).isTrue();
      assertThat(visited).hasSize(loaded.getDeclaredMethods().size());
      for (MethodDescription real : loaded.getDeclaredMethods()) {
        for (ElementMatcher<? super MethodDescription> matcher : MODULE_SHAPED_MATCHERS) {
          matches += matcher.matches(real) ? 1 : 0;
        }
      }
    }
    // The comparison meant something: the matchers did match methods of these classes.
    assertThat(matches).isGreaterThan(8);
  }

  /** Indexed by name or not, the matchers find an advisable method exactly where Byte Buddy's description does. */
  @Test
  void findsAnAdvisableMethodWhereverTheLoadedClassHasOne() throws IOException {
    List<ElementMatcher<? super MethodDescription>> matchers = new ArrayList<>(MODULE_SHAPED_MATCHERS);
    matchers.add(isConstructor().and(takesArguments(Reader.class, int.class)));
    int advisable = 0;
    for (Class<?> type : Arrays.asList(String.class, java.io.PrintWriter.class, java.io.BufferedReader.class,
        java.util.concurrent.ThreadPoolExecutor.class, java.util.HashMap.class, ExecutingStatement.class,
        InheritedStatement.class, Unrelated.class, jakarta.servlet.ServletOutputStream.class)) {
      for (List<ElementMatcher<? super MethodDescription>> some : Arrays.asList(matchers, matchers.subList(7, 8))) {
        boolean expected = !TypeDescription.ForLoadedType.of(type).getDeclaredMethods()
            .filter(method -> some.stream().anyMatch(m -> m.matches(method))).isEmpty();
        assertThat(new AdvisableMethods(some).anyDeclaredBy(ClassHeader.parse(bytesOf(type))))
            .as("%s against %s", type.getName(), some).isEqualTo(expected);
        advisable += expected ? 1 : 0;
      }
    }
    assertThat(advisable).isBetween(4, 14);
  }

  @Test
  void readsNoSupertypeOfAClassThatDeclaresNothingAnAdviceWouldGoInto() throws IOException {
    ResourceCountingLoader counting = new ResourceCountingLoader(loader);
    SupertypePrescreen withMethods = new SupertypePrescreen(Arrays.asList("java.sql.Statement"),
        new AdvisableMethods(Collections.singletonList(named("executeQuery").and(takesArgument(0, String.class)))));

    // Its superclass is not known yet and would have to be read; no method of its could take advice.
    assertThat(withMethods.mayBeTarget(counting, bytesOf(InheritedStatement.class))).isFalse();
    assertThat(counting.reads).hasValue(0);

    // This one declares executeQuery(String): its superclass's class file is read, and it is let through.
    assertThat(withMethods.mayBeTarget(counting, bytesOf(ExecutingStatement.class))).isTrue();
    assertThat(counting.reads).hasValue(1);

    // Once a class's supertypes are known, they are not read again; a known subtype that declares
    // no advised method is still no target (a transformation would change nothing in it).
    assertThat(withMethods.mayBeTarget(counting, bytesOf(InheritedStatement.class))).isFalse();
    assertThat(withMethods.mayBeTarget(counting, bytesOf(ExecutingStatement.class))).isTrue();
    assertThat(counting.reads).hasValue(1);
    // What the prescreen remembered of the unadvised subtype serves its own subclasses.
    assertThat(withMethods.mayBeTarget(counting, bytesOf(ExecutingInheritedStatement.class))).isTrue();
    assertThat(counting.reads).hasValue(1);
  }

  @Test
  void aMatcherThatCannotDecideOnTheRawDescriptionLetsTheClassThrough() throws IOException {
    ElementMatcher<MethodDescription> needsMore = method -> {
      throw new UnsupportedOperationException("needs the parameter's supertypes");
    };
    SupertypePrescreen withMethods = new SupertypePrescreen(Arrays.asList("java.sql.Statement"),
        new AdvisableMethods(Collections.singletonList(needsMore)));
    assertThat(withMethods.mayBeTarget(new ResourceCountingLoader(loader), bytesOf(InheritedStatement.class))).isTrue();
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

  abstract static class ExecutingStatement extends DirectStatement {
    @Override
    public ResultSet executeQuery(String sql) {
      return null;
    }
  }

  abstract static class ExecutingInheritedStatement extends InheritedStatement {
    @Override
    public ResultSet executeQuery(String sql) {
      return null;
    }
  }

  /** Counts the class files the prescreen reads through it. */
  static final class ResourceCountingLoader extends ClassLoader {
    final AtomicInteger reads = new AtomicInteger();

    ResourceCountingLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
      reads.incrementAndGet();
      return super.getResourceAsStream(name);
    }
  }

  static class Unrelated implements Runnable {
    @Override
    public void run() {}
  }
}
