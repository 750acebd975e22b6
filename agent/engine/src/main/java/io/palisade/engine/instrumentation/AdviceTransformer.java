package io.palisade.engine.instrumentation;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Inlines the advice of every matching type instrumentation into one class, from its class file.
 *
 * <p>It does what Byte Buddy's {@code AgentBuilder} transformer does for a class the gate let through,
 * minus what Palisade never needs: that transformer generates a subclass of itself with Byte Buddy
 * when it is first used (to receive Java 9 modules), which cost about a quarter of premain, and it runs
 * for every class the JVM loads. This one runs only for the classes the gate passes, and is plain code.
 * The advice itself is applied by Byte Buddy's own {@link AgentBuilder.Transformer.ForAdvice}.
 */
final class AdviceTransformer {
  /** One type instrumentation: which loaders and types, and the advice to inline. */
  static final class Transformation {
    final ElementMatcher<? super ClassLoader> loaders;
    final ElementMatcher<? super TypeDescription> types;
    final AgentBuilder.Transformer advice;

    Transformation(
        ElementMatcher<? super ClassLoader> loaders,
        ElementMatcher<? super TypeDescription> types,
        AgentBuilder.Transformer advice) {
      this.loaders = loaders;
      this.types = types;
      this.advice = advice;
    }
  }

  private final List<Transformation> transformations;
  private final ByteBuddy byteBuddy;
  private final AgentBuilder.PoolStrategy pools;
  private final TransformFailureListener listener;
  private final boolean describeLoadedByReflection;

  /**
   * @param byteBuddy configured for decoration; class format changes are disabled here (advice adds
   *     no field, method or initializer, so even loaded classes can be retransformed)
   * @param describeLoadedByReflection true for JDK classes: a loaded one is described by reflection,
   *     since reading a JDK class file from its module image while classes are being transformed would
   *     load the jrt: URL handler at the wrong moment. False for application classes, whose class
   *     files are always read (reflection on a class with a missing optional dependency throws).
   */
  AdviceTransformer(
      List<Transformation> transformations,
      ByteBuddy byteBuddy,
      AgentBuilder.PoolStrategy pools,
      TransformFailureListener listener,
      boolean describeLoadedByReflection) {
    this.transformations = transformations;
    this.byteBuddy = byteBuddy.with(Implementation.Context.Disabled.Factory.INSTANCE);
    this.pools = pools;
    this.listener = listener;
    this.describeLoadedByReflection = describeLoadedByReflection;
  }

  /**
   * The transformed class file, or null to leave the class as it is (nothing matched, or the
   * transformation failed: then the failure is counted and logged once, and the class runs unchanged).
   *
   * @param classBeingRedefined the loaded class when it is retransformed, else null
   */
  byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classFile) {
    String name = internalName.replace('/', '.');
    try {
      ClassFileLocator locator = new ClassFileLocator.Compound(
          ClassFileLocator.Simple.of(name, classFile),
          loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
      TypePool pool = pools.typePool(locator, loader, name);
      TypeDescription type = classBeingRedefined != null && describeLoadedByReflection
          ? TypeDescription.ForLoadedType.of(classBeingRedefined)
          : pool.describe(name).resolve();
      List<AgentBuilder.Transformer> matched = matching(type, loader);
      if (matched.isEmpty()) {
        return null;
      }
      DynamicType.Builder<?> builder = byteBuddy.decorate(type, locator);
      for (AgentBuilder.Transformer advice : matched) {
        builder = advice.transform(builder, type, loader, null, protectionDomain);
      }
      DynamicType.Unloaded<?> transformed = builder.make(TypeResolutionStrategy.Disabled.INSTANCE, pool);
      listener.onTransformation(type, loader, null, classBeingRedefined != null, transformed);
      return transformed.getBytes();
    } catch (Throwable failure) {
      listener.onError(name, loader, null, classBeingRedefined != null, failure);
      return null;
    }
  }

  private List<AgentBuilder.Transformer> matching(TypeDescription type, ClassLoader loader) {
    List<AgentBuilder.Transformer> matched = new ArrayList<>(2);
    if (type.isSynthetic()) {
      return matched;
    }
    for (Transformation transformation : transformations) {
      if (transformation.loaders.matches(loader) && transformation.types.matches(type)) {
        matched.add(transformation.advice);
      }
    }
    return matched;
  }
}
