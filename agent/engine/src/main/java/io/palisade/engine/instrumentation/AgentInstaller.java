package io.palisade.engine.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.ClassFileTransformer;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the one Byte Buddy AgentBuilder that applies every instrumentation module. */
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
    AgentBuilder builder =
        new AgentBuilder.Default(byteBuddy())
            // Classes loaded before premain (and retransformed ones) cannot gain fields or methods.
            .disableClassFormatChanges()
            // Advice only visits the methods a class declares: decorate it instead of redefining it.
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            // Attached to a running JVM, the targets are already loaded: retransform them. At premain
            // none of the hooked libraries (servlet containers, JDBC drivers) is loaded yet, and walking
            // every JDK class loaded so far would only cost start-up time.
            .with(
                lateAttach
                    ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION
                    : AgentBuilder.RedefinitionStrategy.DISABLED)
            // Read class files rather than reflect (reflection on optional dependencies throws
            // NoClassDefFoundError). POOL_FIRST rather than POOL_ONLY: classes that were loaded before
            // premain without a class file (generated reflection accessors, Byte Buddy's own injected
            // helpers) still get a description during retransformation instead of failing.
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
            // One type pool cache per class loader: matching a class's supertypes reads the same
            // superclass and interface files again and again (every Tomcat class extends a few).
            .with(new TypePoolCaches())
            // Advice is inlined and no class gains members, so nothing is ever injected: without this
            // Byte Buddy probes its injectors at start-up, and on Java 24+ that probe makes the JVM
            // warn about sun.misc.Unsafe.
            .with(AgentBuilder.InjectionStrategy.Disabled.INSTANCE)
            .with(listener)
            // Name-based ignores first, so that most class files are never parsed.
            .ignore(IgnoredTypes.matcher(), AgentInstaller::isIgnoredLoader);

    Set<String> hookedSupertypes = new LinkedHashSet<>();
    boolean prescreenable = true;
    List<TypeInstrumentation> jdkInstrumentations = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        if (!type.jdkTypes().isEmpty()) {
          jdkInstrumentations.add(type);
          continue;
        }
        builder = builder.type(type.typeMatcher(), type.classLoaderMatcher()).transform(transformerFor(type, engineLoader));
        hookedSupertypes.addAll(type.requiredSupertypes());
        prescreenable &= !type.requiredSupertypes().isEmpty();
      }
    }
    if (lateAttach || !prescreenable || Boolean.getBoolean("palisade.prescreen.disabled")) {
      builder.installOn(instrumentation);
    } else {
      ClassFileTransformer transformer = builder.makeRaw();
      instrumentation.addTransformer(
          new PrescreeningTransformer(transformer, new SupertypePrescreen(hookedSupertypes)), true);
    }
    installOnJdkTypes(instrumentation, jdkInstrumentations, engineLoader);
    log.debug("instrumentation modules installed: {}", modules.size());
    return modules;
  }

  /**
   * JDK classes (executors, the JDK's HTTP clients) are loaded before premain: a second, narrow
   * builder retransforms exactly the named classes, so start-up never walks every loaded class.
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

  private static AgentBuilder.Transformer transformerFor(TypeInstrumentation type, ClassLoader engineLoader) {
    AdviceCollector collector =
        new AdviceCollector(new AgentBuilder.Transformer.ForAdvice().include(engineLoader));
    type.transform(collector);
    return collector.transformer;
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
