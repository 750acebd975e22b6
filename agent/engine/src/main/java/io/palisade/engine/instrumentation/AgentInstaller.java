package io.palisade.engine.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.ServiceLoader;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs every instrumentation module: at premain behind one gate transformer and Palisade's own
 * {@link AdviceTransformer}; attached to a running JVM, through Byte Buddy's agent builder, which finds
 * and retransforms the classes already loaded.
 */
public final class AgentInstaller {
  private static final Logger log = LoggerFactory.getLogger(AgentInstaller.class);

  private final TransformFailureListener listener = new TransformFailureListener();

  public List<InstrumentationModule> install(Instrumentation instrumentation, boolean lateAttach) {
    ClassLoader engineLoader = AgentInstaller.class.getClassLoader();
    List<InstrumentationModule> modules = new ArrayList<>();
    for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class, engineLoader)) {
      modules.add(module);
    }
    disableNexusInjection();
    if (lateAttach) {
      installOnRunningJvm(instrumentation, modules, engineLoader);
    } else {
      installAtStartUp(instrumentation, modules, engineLoader);
    }
    log.debug("instrumentation modules installed: {}", modules.size());
    return modules;
  }

  /**
   * At premain none of the hooked libraries is loaded yet: one gate transformer sees each class as it
   * is defined, and only the few that may be targets reach the advice. The hooked JDK classes that are
   * already loaded (executors, perhaps the JDK's HTTP clients) are retransformed, by name.
   */
  private void installAtStartUp(Instrumentation instrumentation, List<InstrumentationModule> modules, ClassLoader engineLoader) {
    // One type pool cache per class loader: matching a class's supertypes and describing the advice
    // read the same class files again and again (every Tomcat class extends a few).
    TypePoolCaches pools = new TypePoolCaches();
    List<TypeInstrumentation> applicationInstrumentations = new ArrayList<>();
    List<AdviceTransformer.Transformation> jdkTypes = new ArrayList<>();
    Set<String> jdkTypeNames = new LinkedHashSet<>();
    Set<String> hookedSupertypes = new LinkedHashSet<>();
    boolean prescreenable = true;
    for (InstrumentationModule module : modules) {
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        if (!type.jdkTypes().isEmpty()) {
          jdkTypes.add(new AdviceTransformer.Transformation(ElementMatchers.any(),
              namedOneOf(type.jdkTypes().toArray(new String[0])), adviceOf(type), AdviceTransformer.ANY_SUPERTYPE));
          for (String name : type.jdkTypes()) {
            jdkTypeNames.add(name.replace('.', '/'));
          }
          continue;
        }
        applicationInstrumentations.add(type);
        hookedSupertypes.addAll(type.requiredSupertypes());
        prescreenable &= !type.requiredSupertypes().isEmpty();
      }
    }
    List<List<AdviceTransformer.MethodAdvice>> applicationAdvice = new ArrayList<>();
    List<ElementMatcher<? super MethodDescription>> advisedMethods = new ArrayList<>();
    for (TypeInstrumentation type : applicationInstrumentations) {
      List<AdviceTransformer.MethodAdvice> advice = adviceOf(type);
      applicationAdvice.add(advice);
      for (AdviceTransformer.MethodAdvice each : advice) {
        advisedMethods.add(each.methods);
      }
    }
    SupertypePrescreen prescreen = prescreenable && !Boolean.getBoolean("palisade.prescreen.disabled")
        ? new SupertypePrescreen(hookedSupertypes, new AdvisableMethods(advisedMethods))
        : null;
    List<AdviceTransformer.Transformation> applicationTypes = new ArrayList<>();
    for (int i = 0; i < applicationInstrumentations.size(); i++) {
      TypeInstrumentation type = applicationInstrumentations.get(i);
      // A class the prescreen found to extend none of this instrumentation's types is not matched
      // against it at all.
      int supertypes = prescreen == null ? AdviceTransformer.ANY_SUPERTYPE : prescreen.bitsOf(type.requiredSupertypes());
      applicationTypes.add(new AdviceTransformer.Transformation(
          type.classLoaderMatcher(), type.typeMatcher(), applicationAdvice.get(i), supertypes));
    }
    PrescreeningTransformer gate = new PrescreeningTransformer(
        new AdviceTransformer(applicationTypes, byteBuddy(), pools, engineLoader, listener, false),
        prescreen,
        jdkTypeNames,
        new AdviceTransformer(jdkTypes, byteBuddy(), pools, engineLoader, listener, true));
    instrumentation.addTransformer(gate, true);
    retransformLoadedJdkTypes(instrumentation, jdkTypeNames);
  }

  /**
   * Retransforms the hooked JDK classes loaded so far; the others are transformed when they load.
   * Nothing is loaded here just to be transformed: a JDK class the application never uses costs nothing.
   */
  private static void retransformLoadedJdkTypes(Instrumentation instrumentation, Set<String> internalNames) {
    for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
      if (internalNames.contains(loaded.getName().replace('.', '/'))) {
        try {
          instrumentation.retransformClasses(loaded);
        } catch (Throwable failure) {
          log.warn("could not instrument {} (that class runs unprotected): {}", loaded.getName(), failure.toString());
        }
      }
    }
  }

  /**
   * Attached to a running JVM, the targets are already loaded: Byte Buddy's agent builder finds and
   * retransforms them. Start-up cost does not matter here, so it runs without the gate.
   */
  private void installOnRunningJvm(Instrumentation instrumentation, List<InstrumentationModule> modules, ClassLoader engineLoader) {
    AgentBuilder builder =
        new AgentBuilder.Default(byteBuddy())
            // Loaded classes cannot gain fields or methods.
            .disableClassFormatChanges()
            // Advice only visits the methods a class declares: decorate it instead of redefining it.
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            // Read class files rather than reflect (reflection on optional dependencies throws
            // NoClassDefFoundError). POOL_FIRST rather than POOL_ONLY: classes loaded without a class
            // file (generated reflection accessors, Byte Buddy's own injected helpers) still get a
            // description during retransformation instead of failing.
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
            .with(new TypePoolCaches())
            // Advice is inlined and no class gains members, so nothing is ever injected: without this
            // Byte Buddy probes its injectors, and on Java 24+ that probe makes the JVM warn about
            // sun.misc.Unsafe.
            .with(AgentBuilder.InjectionStrategy.Disabled.INSTANCE)
            .with(listener)
            // Name-based ignores first, so that most class files are never parsed.
            .ignore(IgnoredTypes.matcher(), AgentInstaller::isIgnoredLoader);
    List<TypeInstrumentation> jdkInstrumentations = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        if (!type.jdkTypes().isEmpty()) {
          jdkInstrumentations.add(type);
          continue;
        }
        builder = builder.type(type.typeMatcher(), type.classLoaderMatcher()).transform(transformerFor(type, engineLoader));
      }
    }
    builder.installOn(instrumentation);
    installOnJdkTypes(instrumentation, jdkInstrumentations, engineLoader);
  }

  /**
   * On a running JVM, the hooked JDK classes (executors, the JDK's HTTP clients): a second, narrow
   * builder retransforms exactly the named classes instead of matching every loaded JDK class.
   */
  private void installOnJdkTypes(Instrumentation instrumentation, List<TypeInstrumentation> types, ClassLoader engineLoader) {
    if (types.isEmpty()) {
      return;
    }
    List<Class<?>> loaded = new ArrayList<>();
    for (TypeInstrumentation type : types) {
      for (String name : type.jdkTypes()) {
        Class<?> jdkType = loadedJdkType(name);
        if (jdkType != null) {
          loaded.add(jdkType);
        } else {
          // Not loaded yet (or not in this JDK): the transformer below stays registered and
          // transforms it when it loads.
          log.debug("JDK type {} not loaded now: instrumented when it loads", name);
        }
      }
    }
    AgentBuilder builder =
        new AgentBuilder.Default(byteBuddy())
            .disableClassFormatChanges()
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(loaded.toArray(new Class<?>[0])))
            // The targets are loaded: describe them by reflection, never by locating class files
            // (which loads the jrt: URL handler while classes are being transformed).
            .with(AgentBuilder.DescriptionStrategy.Default.HYBRID)
            .with(AgentBuilder.InjectionStrategy.Disabled.INSTANCE)
            .with(listener)
            // This builder's transformer stays registered: every later class load is dismissed by
            // name alone, so it costs nothing and never parses a class file.
            .ignore(not(namedOneOf(jdkTypeNames(types))));
    for (TypeInstrumentation type : types) {
      builder = builder.type(namedOneOf(type.jdkTypes().toArray(new String[0])))
          .transform(transformerFor(type, engineLoader));
    }
    builder.installOn(instrumentation);
  }

  /**
   * A JDK class by name, from the boot loader (java.base) or the platform loader (java.net.http and
   * other platform modules), or null. Loading it here is harmless: it is a JDK class.
   */
  private static Class<?> loadedJdkType(String name) {
    try {
      return Class.forName(name, false, null);
    } catch (ClassNotFoundException | LinkageError notInBootLoader) {
      try {
        return Class.forName(name, false, ClassLoader.getPlatformClassLoader());
      } catch (ClassNotFoundException | LinkageError notInThisJdk) {
        return null;
      }
    }
  }

  private static String[] jdkTypeNames(List<TypeInstrumentation> types) {
    Set<String> names = new LinkedHashSet<>();
    for (TypeInstrumentation type : types) {
      names.addAll(type.jdkTypes());
    }
    return names.toArray(new String[0]);
  }

  /**
   * Advice is inlined into methods the target declares, so Byte Buddy need not compile the method
   * graph of every supertype (reading each one's class file), validate the unchanged type or model
   * it for changes: together about half of the time spent per transformed class at start-up.
   */
  private static ByteBuddy byteBuddy() {
    return new ByteBuddy()
        .with(TypeValidation.DISABLED)
        .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
        .with(InstrumentedType.Factory.Default.FROZEN)
        .with(VisibilityBridgeStrategy.Default.NEVER);
  }

  /**
   * Byte Buddy's Nexus would inject a class of ours into the system class loader, where the
   * application can see it, and probing for it makes Java 24+ warn about sun.misc.Unsafe. Inlined
   * advice never needs it. The property is the relocated one, so the application's own Byte Buddy is
   * not affected.
   */
  private static void disableNexusInjection() {
    String byteBuddy = net.bytebuddy.ByteBuddy.class.getName();
    String prefix = byteBuddy.substring(0, byteBuddy.length() - "ByteBuddy".length());
    System.setProperty(prefix + "nexus.disabled", "true");
  }

  public long transformFailures() {
    return listener.failures();
  }

  private static AgentBuilder.Transformer.ForAdvice transformerFor(TypeInstrumentation type, ClassLoader engineLoader) {
    AdviceCollector collector =
        new AdviceCollector(new AgentBuilder.Transformer.ForAdvice().include(engineLoader));
    type.transform(collector);
    return collector.transformer;
  }

  /** The advice classes of a type instrumentation and the methods each is inlined into. */
  private static List<AdviceTransformer.MethodAdvice> adviceOf(TypeInstrumentation type) {
    List<AdviceTransformer.MethodAdvice> advice = new ArrayList<>();
    type.transform((methods, adviceClassName) -> advice.add(new AdviceTransformer.MethodAdvice(methods, adviceClassName)));
    return advice;
  }

  /** Turns each applyAdvice call of a type instrumentation into one more advice on its transformer. */
  private static final class AdviceCollector implements TypeInstrumentation.AdviceTarget {
    private AgentBuilder.Transformer.ForAdvice transformer;

    AdviceCollector(AgentBuilder.Transformer.ForAdvice transformer) {
      this.transformer = transformer;
    }

    @Override
    public void applyAdvice(ElementMatcher<? super MethodDescription> methods, String adviceClassName) {
      transformer = transformer.advice(methods, adviceClassName);
    }
  }

  static boolean isIgnoredLoader(ClassLoader loader) {
    // The bootstrap loader holds only the JDK and our bridge; the engine's loader holds only us.
    return loader == null || isAgentLoader(loader);
  }

  /**
   * The agent's own class loader. Compared by class name: in the instrumentation modules' tests the
   * engine runs in the application class loader, whose classes must then be instrumented.
   */
  static boolean isAgentLoader(ClassLoader loader) {
    return loader != null && "io.palisade.agent.EngineClassLoader".equals(loader.getClass().getName());
  }
}
