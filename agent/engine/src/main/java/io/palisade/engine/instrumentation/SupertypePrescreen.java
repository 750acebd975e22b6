package io.palisade.engine.instrumentation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers, from the raw class file, "does this class extend or implement one of the hooked types?"
 * before Byte Buddy builds a type description. Every class an application loads passes here; only the
 * few that may be targets go on to Byte Buddy's matchers. What it remembers per class loader is one
 * int per class name: the set of hooked types that class is a subtype of.
 *
 * <p>A class is defined before its superclass and interfaces, so some of them are often not known
 * yet. Rather than read their class files at once (through the class loader, the gate's one costly
 * step: a Spring Boot application's nested jars take about 0.2-0.4 ms a read), it first asks whether
 * the class declares any method an advice would go into; most declare none and need no supertype.
 */
final class SupertypePrescreen {
  /** Result for a type whose class file cannot be read: it might be anything, so let it through. */
  private static final int UNKNOWN = -1;
  private static final int MAX_DEPTH = 64;
  /**
   * A mask that cannot be told from what is remembered: a supertype not seen yet, or one whose class
   * file could not be read ({@link #UNKNOWN}, the same value). Every bit is set, so or-ing keeps it.
   */
  private static final int UNRESOLVED = -1;

  private final Map<String, Integer> bitByName = new HashMap<>();
  /** Null to read every unknown supertype. */
  private final AdvisableMethods advisableMethods;
  private final Map<ClassLoader, ConcurrentHashMap<String, Integer>> masksByLoader = new WeakHashMap<>();
  /**
   * JDK types, whichever loader asked: only the boot and platform loaders may define them, so one
   * reading serves every application class loader (a Spring Boot application has several).
   */
  private final ConcurrentHashMap<String, Integer> jdkMasks = new ConcurrentHashMap<>();

  /** @param hookedTypes binary names (dots) of the types whose subtypes are hook targets; at most 31 */
  SupertypePrescreen(Collection<String> hookedTypes) {
    this(hookedTypes, null);
  }

  /**
   * @param hookedTypes binary names (dots) of the types whose subtypes are hook targets; at most 31
   * @param advisableMethods the methods any advice goes into; null to judge every class by its
   *     supertypes alone
   */
  SupertypePrescreen(Collection<String> hookedTypes, AdvisableMethods advisableMethods) {
    this.advisableMethods = advisableMethods;
    for (String type : hookedTypes) {
      String internal = type.replace('.', '/');
      if (!bitByName.containsKey(internal)) {
        if (bitByName.size() == 31) {
          throw new IllegalArgumentException("too many hooked types for the prescreen: " + hookedTypes);
        }
        bitByName.put(internal, 1 << bitByName.size());
      }
    }
  }

  /** False only when the class certainly is no subtype of any hooked type. */
  boolean mayBeTarget(ClassLoader loader, byte[] classFile) {
    return supertypes(loader, classFile) != 0;
  }

  /**
   * The bits of the hooked types this class is (or extends, or implements); 0 when it certainly is no
   * target: no subtype of any of them or, when the prescreen knows the advised methods, a class that
   * declares none of them. Every bit when that cannot be told.
   */
  int supertypes(ClassLoader loader, byte[] classFile) {
    ClassHeader header = ClassHeader.parse(classFile);
    if (header == null) {
      return UNKNOWN;
    }
    int mask = maskOfKnownSupertypes(header, loader);
    if (mask == UNRESOLVED) {
      if (advisableMethods != null && !advisableMethods.anyDeclaredBy(header)) {
        // No advice would go into it, whatever it extends. Not remembered: its true mask is not
        // known, and a subclass that needs it reads its class file then.
        return 0;
      }
      mask = maskOf(header, loader, 0);
      masks(loader).put(header.name, mask);
      return mask;
    }
    masks(loader).put(header.name, mask);
    if (mask != 0 && advisableMethods != null && !advisableMethods.anyDeclaredBy(header)) {
      // A subtype of a hooked type (remembered for its subclasses) that declares no advised method:
      // a transformation would change nothing, and describing it for Byte Buddy is the costly part.
      return 0;
    }
    return mask;
  }

  /** The class's mask from what is already remembered of its supertypes, or {@link #UNRESOLVED}. */
  private int maskOfKnownSupertypes(ClassHeader header, ClassLoader loader) {
    int mask = bitByName.getOrDefault(header.name, 0);
    if (header.superName != null) {
      mask |= knownMaskOfName(header.superName, loader);
    }
    for (String implemented : header.interfaces) {
      if (mask == UNRESOLVED) {
        break;
      }
      mask |= knownMaskOfName(implemented, loader);
    }
    return mask;
  }

  private int knownMaskOfName(String internalName, ClassLoader loader) {
    if ("java/lang/Object".equals(internalName)) {
      return bitByName.getOrDefault(internalName, 0);
    }
    Integer known = (isJdkType(internalName) ? jdkMasks : masks(loader)).get(internalName);
    return known != null ? known : UNRESOLVED;
  }

  /** The bits of the named hooked types (binary names), as {@link #supertypes} reports them. */
  int bitsOf(Collection<String> hookedTypes) {
    int bits = 0;
    for (String type : hookedTypes) {
      bits |= bitByName.getOrDefault(type.replace('.', '/'), 0);
    }
    return bits;
  }

  private int maskOf(ClassHeader header, ClassLoader loader, int depth) {
    int mask = bitByName.getOrDefault(header.name, 0);
    if (header.superName != null) {
      mask |= maskOfName(header.superName, loader, depth + 1);
    }
    for (String implemented : header.interfaces) {
      mask |= maskOfName(implemented, loader, depth + 1);
    }
    return mask;
  }

  private int maskOfName(String internalName, ClassLoader loader, int depth) {
    if ("java/lang/Object".equals(internalName)) {
      return bitByName.getOrDefault(internalName, 0);
    }
    boolean jdkType = isJdkType(internalName);
    ConcurrentHashMap<String, Integer> masks = jdkType ? jdkMasks : masks(loader);
    Integer known = masks.get(internalName);
    if (known != null) {
      return known;
    }
    if (depth > MAX_DEPTH) {
      return UNKNOWN;
    }
    ClassHeader header = ClassHeader.parse(readClassFile(jdkType ? null : loader, internalName));
    int mask = header == null ? UNKNOWN | bitByName.getOrDefault(internalName, 0) : maskOf(header, loader, depth);
    masks.put(internalName, mask);
    return mask;
  }

  /** Packages that no class loader but the JDK's may define ({@code javax} is shared with libraries). */
  private static boolean isJdkType(String internalName) {
    return internalName.startsWith("java/") || internalName.startsWith("jdk/") || internalName.startsWith("sun/");
  }

  private ConcurrentHashMap<String, Integer> masks(ClassLoader loader) {
    if (loader == null) {
      return jdkMasks;
    }
    synchronized (masksByLoader) {
      return masksByLoader.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
    }
  }

  /** The class file of the named class (internal name) as {@code loader} finds it; null when it finds none. */
  static byte[] readClassFile(ClassLoader loader, String internalName) {
    String resource = internalName + ".class";
    try (InputStream in =
        loader != null ? loader.getResourceAsStream(resource) : ClassLoader.getSystemResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
      byte[] buffer = new byte[4096];
      int read;
      while ((read = in.read(buffer)) != -1) {
        out.write(buffer, 0, read);
      }
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
