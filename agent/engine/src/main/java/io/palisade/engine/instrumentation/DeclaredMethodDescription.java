package io.palisade.engine.instrumentation;

import java.util.Arrays;
import java.util.Collections;
import net.bytebuddy.description.annotation.AnnotationList;
import net.bytebuddy.description.annotation.AnnotationValue;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.method.ParameterList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.description.type.TypeList;

/**
 * A method as its class file declares it, for Byte Buddy's method matchers, built from the access
 * flags, name and descriptor alone: the declaring, parameter and return types are known by name only
 * (no supertypes, no annotations, no generic signature). Types are decoded only when a matcher asks
 * for them, since most matchers stop at the name or the arity.
 */
final class DeclaredMethodDescription extends MethodDescription.InDefinedShape.AbstractBase {
  private final TypeDescription declaringType;
  private final int modifiers;
  private final String internalName;
  private final String descriptor;
  private Parameters parameters;
  private TypeDescription returnType;

  DeclaredMethodDescription(TypeDescription declaringType, int modifiers, String internalName, String descriptor) {
    this.declaringType = declaringType;
    this.modifiers = modifiers;
    this.internalName = internalName;
    this.descriptor = descriptor;
  }

  /** A type known by its binary name only, as the declaring type of such methods. */
  static TypeDescription typeNamed(String binaryName, int modifiers) {
    return new TypeDescription.Latent(binaryName, modifiers, null, Collections.<TypeDescription.Generic>emptyList());
  }

  @Override
  public TypeDescription getDeclaringType() {
    return declaringType;
  }

  @Override
  public int getModifiers() {
    return modifiers;
  }

  @Override
  public String getInternalName() {
    return internalName;
  }

  @Override
  public ParameterList<ParameterDescription.InDefinedShape> getParameters() {
    if (parameters == null) {
      parameters = new Parameters();
    }
    return parameters;
  }

  @Override
  public TypeDescription.Generic getReturnType() {
    if (returnType == null) {
      returnType = typeOf(descriptor.indexOf(')') + 1, descriptor.length());
    }
    return returnType.asGenericType();
  }

  @Override
  public TypeList.Generic getTypeVariables() {
    return new TypeList.Generic.Empty();
  }

  @Override
  public TypeList.Generic getExceptionTypes() {
    return new TypeList.Generic.Empty();
  }

  @Override
  public AnnotationList getDeclaredAnnotations() {
    return new AnnotationList.Empty();
  }

  @Override
  public AnnotationValue<?, ?> getDefaultValue() {
    return null;
  }

  /**
   * The parameters, each type decoded when first asked for: a matcher that checks the arity first
   * costs a count of the descriptor, not a type description per parameter. (Byte Buddy's own lists
   * of parameters wrap each type for generic substitution, which types known by name do not need.)
   */
  private final class Parameters extends ParameterList.AbstractBase<ParameterDescription.InDefinedShape> {
    /** Where each parameter's descriptor starts, and after the last, the ')'. */
    private final int[] starts;
    private final TypeDescription[] types;

    Parameters() {
      int[] found = new int[8];
      int count = 0;
      int position = 1; // after '('
      while (descriptor.charAt(position) != ')') {
        if (count + 1 == found.length) {
          found = Arrays.copyOf(found, found.length * 2);
        }
        found[count++] = position;
        position = endOfType(position);
      }
      found[count] = position;
      starts = Arrays.copyOf(found, count + 1);
      types = new TypeDescription[count];
    }

    TypeDescription type(int index) {
      TypeDescription type = types[index];
      if (type == null) {
        type = typeOf(starts[index], starts[index + 1]);
        types[index] = type;
      }
      return type;
    }

    @Override
    public ParameterDescription.InDefinedShape get(int index) {
      return new Parameter(index);
    }

    @Override
    public int size() {
      return types.length;
    }
  }

  /** One parameter of this method, its type from the descriptor. */
  private final class Parameter extends ParameterDescription.InDefinedShape.AbstractBase {
    private final int index;

    Parameter(int index) {
      this.index = index;
    }

    @Override
    public TypeDescription.Generic getType() {
      return parameters.type(index).asGenericType();
    }

    @Override
    public MethodDescription.InDefinedShape getDeclaringMethod() {
      return DeclaredMethodDescription.this;
    }

    @Override
    public int getIndex() {
      return index;
    }

    @Override
    public boolean isNamed() {
      return false; // no MethodParameters attribute is read
    }

    @Override
    public boolean hasModifiers() {
      return false;
    }

    @Override
    public AnnotationList getDeclaredAnnotations() {
      return new AnnotationList.Empty();
    }
  }

  /** The index after the field descriptor starting at {@code start}. */
  private int endOfType(int start) {
    int position = start;
    while (descriptor.charAt(position) == '[') {
      position++;
    }
    return descriptor.charAt(position) == 'L' ? descriptor.indexOf(';', position) + 1 : position + 1;
  }

  private TypeDescription typeOf(int start, int end) {
    int arity = 0;
    while (descriptor.charAt(start + arity) == '[') {
      arity++;
    }
    TypeDescription component;
    char sort = descriptor.charAt(start + arity);
    switch (sort) {
      case 'L':
        component = typeNamed(descriptor.substring(start + arity + 1, end - 1).replace('/', '.'), 0);
        break;
      case 'Z': component = TypeDescription.ForLoadedType.of(boolean.class); break;
      case 'B': component = TypeDescription.ForLoadedType.of(byte.class); break;
      case 'C': component = TypeDescription.ForLoadedType.of(char.class); break;
      case 'S': component = TypeDescription.ForLoadedType.of(short.class); break;
      case 'I': component = TypeDescription.ForLoadedType.of(int.class); break;
      case 'J': component = TypeDescription.ForLoadedType.of(long.class); break;
      case 'F': component = TypeDescription.ForLoadedType.of(float.class); break;
      case 'D': component = TypeDescription.ForLoadedType.of(double.class); break;
      case 'V': component = TypeDescription.ForLoadedType.of(void.class); break;
      default: throw new IllegalArgumentException("bad descriptor " + descriptor);
    }
    return arity == 0 ? component : TypeDescription.ArrayProjection.of(component, arity);
  }
}
