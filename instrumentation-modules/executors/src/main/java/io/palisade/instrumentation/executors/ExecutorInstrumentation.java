package io.palisade.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ThreadPoolExecutor.execute(Runnable)} (which every {@code submit} and {@code invokeAll} of
 * it goes through) and {@code ForkJoinPool.execute(Runnable)} (where {@code CompletableFuture}'s
 * async methods land): the task is wrapped when, and only when, a request is active.
 */
final class ExecutorInstrumentation implements TypeInstrumentation {
  private static final List<String> EXECUTORS =
      Arrays.asList("java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.ForkJoinPool");

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return namedOneOf(EXECUTORS.toArray(new String[0]));
  }

  @Override
  public List<String> jdkTypes() {
    return EXECUTORS;
  }

  @Override
  public void transform(AdviceTarget target) {
    target.applyAdvice(
        named("execute").and(isPublic()).and(takesArguments(Runnable.class)),
        "io.palisade.instrumentation.executors.ExecuteAdvice");
  }
}
