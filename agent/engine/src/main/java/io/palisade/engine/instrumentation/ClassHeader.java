package io.palisade.engine.instrumentation;

/**
 * The few facts of a class file that decide whether it can be a hook target: its name, its
 * superclass and its interfaces, and on demand its declared methods' names and descriptors. Read
 * straight from the constant pool, without building any model, so that the thousands of classes an
 * application loads cost microseconds each.
 */
final class ClassHeader {
  private static final int ACC_INTERFACE = 0x0200;

  final String name;
  final String superName;
  final String[] interfaces;
  final boolean isInterface;
  final int access;
  private final byte[] bytes;
  private final int[] constantOffsets;
  /** Where the fields table starts, right after the interfaces. */
  private final int membersOffset;

  /** Receives one declared method (or constructor, or class initialiser) of the class. */
  interface MethodVisitor {
    /** @return true to go on to the next method, false to stop */
    boolean visit(int access, String name, String descriptor);
  }

  private ClassHeader(String name, String superName, String[] interfaces, int access, byte[] bytes,
      int[] constantOffsets, int membersOffset) {
    this.name = name;
    this.superName = superName;
    this.interfaces = interfaces;
    this.access = access;
    this.isInterface = (access & ACC_INTERFACE) != 0;
    this.bytes = bytes;
    this.constantOffsets = constantOffsets;
    this.membersOffset = membersOffset;
  }

  /**
   * Calls the visitor with each method the class file declares, in order, until it returns false.
   *
   * @return false when the methods table is malformed (the caller must then assume anything)
   */
  boolean visitMethods(MethodVisitor visitor) {
    try {
      int position = skipMembers(membersOffset); // the fields
      int count = readUnsignedShort(bytes, position);
      position += 2;
      for (int i = 0; i < count; i++) {
        int access = readUnsignedShort(bytes, position);
        String name = utf8(bytes, constantOffsets[readUnsignedShort(bytes, position + 2)]);
        String descriptor = utf8(bytes, constantOffsets[readUnsignedShort(bytes, position + 4)]);
        if (!visitor.visit(access, name, descriptor)) {
          return true;
        }
        position = skipAttributes(position + 6);
      }
      return true;
    } catch (RuntimeException malformed) {
      return false;
    }
  }

  /** The position after a fields or methods table starting at {@code position}. */
  private int skipMembers(int position) {
    int count = readUnsignedShort(bytes, position);
    position += 2;
    for (int i = 0; i < count; i++) {
      position = skipAttributes(position + 6);
    }
    return position;
  }

  /** The position after an attributes table (its count at {@code position}). */
  private int skipAttributes(int position) {
    int count = readUnsignedShort(bytes, position);
    position += 2;
    for (int i = 0; i < count; i++) {
      position += 6 + readInt(bytes, position + 2);
    }
    return position;
  }

  /** Internal names (with slashes); null when the bytes are not a class file this reader understands. */
  static ClassHeader parse(byte[] bytes) {
    try {
      if (bytes == null || bytes.length < 10 || readInt(bytes, 0) != 0xCAFEBABE) {
        return null;
      }
      int count = readUnsignedShort(bytes, 8);
      int[] offsets = new int[count];
      int position = 10;
      for (int index = 1; index < count; index++) {
        offsets[index] = position;
        int tag = bytes[position] & 0xFF;
        switch (tag) {
          case 1: // Utf8
            position += 3 + readUnsignedShort(bytes, position + 1);
            break;
          case 3: // Integer
          case 4: // Float
          case 9: // Fieldref
          case 10: // Methodref
          case 11: // InterfaceMethodref
          case 12: // NameAndType
          case 17: // Dynamic
          case 18: // InvokeDynamic
            position += 5;
            break;
          case 5: // Long
          case 6: // Double
            position += 9;
            index++;
            break;
          case 7: // Class
          case 8: // String
          case 16: // MethodType
          case 19: // Module
          case 20: // Package
            position += 3;
            break;
          case 15: // MethodHandle
            position += 4;
            break;
          default:
            return null;
        }
      }
      int access = readUnsignedShort(bytes, position);
      String name = className(bytes, offsets, readUnsignedShort(bytes, position + 2));
      int superIndex = readUnsignedShort(bytes, position + 4);
      String superName = superIndex == 0 ? null : className(bytes, offsets, superIndex);
      int interfaceCount = readUnsignedShort(bytes, position + 6);
      String[] interfaces = new String[interfaceCount];
      for (int i = 0; i < interfaceCount; i++) {
        interfaces[i] = className(bytes, offsets, readUnsignedShort(bytes, position + 8 + 2 * i));
      }
      return new ClassHeader(name, superName, interfaces, access, bytes, offsets, position + 8 + 2 * interfaceCount);
    } catch (RuntimeException malformed) {
      return null;
    }
  }

  private static String className(byte[] bytes, int[] offsets, int classIndex) {
    return utf8(bytes, offsets[readUnsignedShort(bytes, offsets[classIndex] + 1)]);
  }

  /** The string of the Utf8 constant at {@code utf8} (modified UTF-8). */
  private static String utf8(byte[] bytes, int utf8) {
    if ((bytes[utf8] & 0xFF) != 1) {
      throw new IllegalArgumentException("not a Utf8 constant");
    }
    int length = readUnsignedShort(bytes, utf8 + 1);
    // Class names in class files are plain ASCII in practice; decode modified UTF-8 when they are not.
    char[] chars = new char[length];
    int end = utf8 + 3 + length;
    int count = 0;
    for (int i = utf8 + 3; i < end; ) {
      int c = bytes[i] & 0xFF;
      if (c < 0x80) {
        chars[count++] = (char) c;
        i++;
      } else if ((c & 0xE0) == 0xC0) {
        chars[count++] = (char) (((c & 0x1F) << 6) | (bytes[i + 1] & 0x3F));
        i += 2;
      } else {
        chars[count++] = (char) (((c & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F));
        i += 3;
      }
    }
    return new String(chars, 0, count);
  }

  private static int readUnsignedShort(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
  }

  private static int readInt(byte[] bytes, int offset) {
    return (readUnsignedShort(bytes, offset) << 16) | readUnsignedShort(bytes, offset + 2);
  }
}
