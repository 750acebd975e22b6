package io.palisade.engine.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MatcherNamesTest {

  @Test
  void readsTheNamesOfTheShapesTheModulesUse() {
    assertThat(MatcherNames.of(named("service").and(isPublic()).and(not(isAbstract())).and(takesArguments(2))))
        .containsExactly("service");
    assertThat(MatcherNames.of(namedOneOf("executeQuery", "execute").and(takesArgument(0, String.class))))
        .containsExactlyInAnyOrder("executeQuery", "execute");
    assertThat(MatcherNames.of(named("execute").and(takesArguments(0)).or(named("enqueue").and(takesArguments(1)))))
        .containsExactlyInAnyOrder("execute", "enqueue");
    assertThat(MatcherNames.of(isConstructor().and(takesArguments(6)).and(takesArgument(2, named("java.io.Reader")))))
        .containsExactly("<init>");
  }

  @Test
  void givesNoAnswerForWhatItCannotBound() {
    assertThat(MatcherNames.of(isPublic().and(takesArguments(2)))).isNull();
    assertThat(MatcherNames.of(nameStartsWith("execute"))).isNull();
    assertThat(MatcherNames.of(named("execute").or(isPublic()))).isNull();
    // "" is the actual name Byte Buddy gives every constructor: it cannot be indexed by name.
    assertThat(MatcherNames.of(named(""))).isNull();
  }
}
