package io.palisade.instrumentation.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Implementations of one JDBC interface, at the methods that take SQL text as first argument. */
final class SqlTextInstrumentation implements TypeInstrumentation {
  private final String jdbcInterface;
  private final String[] methodNames;

  SqlTextInstrumentation(String jdbcInterface, String... methodNames) {
    this.jdbcInterface = jdbcInterface;
    this.methodNames = methodNames;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return not(isInterface()).and(hasSuperType(named(jdbcInterface)));
  }

  @Override
  public List<String> requiredSupertypes() {
    return Collections.singletonList(jdbcInterface);
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        namedOneOf(methodNames).and(isPublic()).and(not(isAbstract())).and(takesArgument(0, String.class)),
        "io.palisade.instrumentation.jdbc.SqlTextAdvice");
  }
}
