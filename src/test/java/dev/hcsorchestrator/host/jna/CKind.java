package dev.hcsorchestrator.host.jna;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The C kind a JNA binding implies for a parameter, result or field, and the compile-time test of a
 * header type for it (a macro of the generated preamble). Strict: a Java type without a kind fails
 * the generator, so a new binding style is either given a kind here or rejected.
 */
enum CKind {
  VOID("HC_VOID"),
  INT32("HC_INT32"),
  INT64("HC_INT64"),
  INT16("HC_INT16"),
  INT8("HC_INT8"),
  /** {@code String} or {@code WString}: PCWSTR (with the library's Unicode options). */
  WIDE_STRING("HC_WSTR"),
  /** An opaque pointer or handle: any object pointer that is neither a string nor a PVOID*. */
  POINTER("HC_POINTER"),
  /** {@code PointerByReference}: a pointer to a pointer (PWSTR*, HCS_SYSTEM*, PHANDLE). */
  POINTER_TO_POINTER("HC_PTRPTR"),
  INT32_REFERENCE("HC_INT32_REF"),
  INT64_REFERENCE("HC_INT64_REF"),
  /** {@code byte[]}: a caller-owned buffer the callee fills (a GUID*, for one). */
  BYTE_BUFFER("HC_POINTER"),
  /** A {@code Structure} argument: a pointer to (or to const) the header struct. */
  STRUCTURE_REFERENCE(null),
  /** A {@code Structure.ByValue} argument or a nested structure field: the struct itself. */
  STRUCTURE_VALUE(null),
  /** A {@code Callback}: a function pointer whose own parameters are checked in turn. */
  CALLBACK("HC_FUNCPTR");

  private final String macro;

  CKind(String macro) {
    this.macro = macro;
  }

  /** The C test of {@code cType} for this kind; structures need the struct's C name. */
  String test(String cType, String structName) {
    return switch (this) {
      case STRUCTURE_REFERENCE -> "HC_STRUCT_REF(" + cType + ", " + structName + ")";
      case STRUCTURE_VALUE -> "HC_STRUCT_VALUE(" + cType + ", " + structName + ")";
      default -> macro + "(" + cType + ")";
    };
  }

  /** The kind of a parameter or result type; throws for a type the check does not know. */
  static CKind ofParameter(Class<?> type) {
    if (type == void.class) {
      return VOID;
    }
    if (type == int.class || type == boolean.class) {
      return INT32; // JNA passes boolean as a 32-bit int (BOOL).
    }
    if (type == long.class) {
      return INT64;
    }
    if (type == short.class) {
      return INT16;
    }
    if (type == byte.class) {
      return INT8;
    }
    if (type == byte[].class) {
      return BYTE_BUFFER;
    }
    if (type == String.class || type == WString.class) {
      return WIDE_STRING;
    }
    if (type == Pointer.class || type == WinNT.HANDLE.class) {
      return POINTER;
    }
    if (type == PointerByReference.class || type == WinNT.HANDLEByReference.class) {
      return POINTER_TO_POINTER;
    }
    if (type == IntByReference.class) {
      return INT32_REFERENCE;
    }
    if (type == LongByReference.class) {
      return INT64_REFERENCE;
    }
    if (Structure.class.isAssignableFrom(type)) {
      return Structure.ByValue.class.isAssignableFrom(type) ? STRUCTURE_VALUE : STRUCTURE_REFERENCE;
    }
    if (Callback.class.isAssignableFrom(type) && type.isInterface()) {
      return CALLBACK;
    }
    if (PointerType.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          "no C kind for the pointer type " + type.getName() + ": add it to CKind");
    }
    throw new IllegalArgumentException("no C kind for the Java type " + type.getName());
  }

  /** The C preamble defining the kind tests over a header type {@code T}. */
  static String macros() {
    return """
        struct hc_void_pointee { int unused; };
        #define HC_V(T) (*(T *)0)
        #define HC_NV(T) __typeof__(_Generic(HC_V(T), void *: (struct hc_void_pointee *)0, \\
            const void *: (const struct hc_void_pointee *)0, default: HC_V(T)))
        #define HC_CLASS(T) __builtin_classify_type(HC_V(T))
        #define HC_IS_INT(T) (HC_CLASS(T) == 1 || HC_CLASS(T) == 3)
        #define HC_IS_PTR(T) (HC_CLASS(T) == 5)
        #define HC_PTEE_CLASS(T) __builtin_classify_type(*HC_V(HC_NV(T)))
        #define HC_PTEE_SIZE(T) sizeof(*HC_V(HC_NV(T)))
        #define HC_VOID(T) __builtin_types_compatible_p(T, void)
        #define HC_INT8(T) (HC_IS_INT(T) && sizeof(T) == 1)
        #define HC_INT16(T) (HC_IS_INT(T) && sizeof(T) == 2)
        #define HC_INT32(T) (HC_IS_INT(T) && sizeof(T) == 4)
        #define HC_INT64(T) (HC_IS_INT(T) && sizeof(T) == 8)
        #define HC_WSTR(T) __builtin_types_compatible_p(T, const wchar_t *)
        #define HC_WBUF(T) __builtin_types_compatible_p(T, wchar_t *)
        #define HC_POINTER(T) (HC_IS_PTR(T) && !HC_WSTR(T) && !HC_WBUF(T) \\
            && HC_PTEE_CLASS(T) != 5 && HC_PTEE_CLASS(T) != 1 && HC_PTEE_CLASS(T) != 3)
        #define HC_PTRPTR(T) (HC_IS_PTR(T) && HC_PTEE_CLASS(T) == 5 \\
            && HC_PTEE_SIZE(T) == sizeof(void *))
        #define HC_INT32_REF(T) (HC_IS_PTR(T) && (HC_PTEE_CLASS(T) == 1 || HC_PTEE_CLASS(T) == 3) \\
            && HC_PTEE_SIZE(T) == 4)
        #define HC_INT64_REF(T) (HC_IS_PTR(T) && (HC_PTEE_CLASS(T) == 1 || HC_PTEE_CLASS(T) == 3) \\
            && HC_PTEE_SIZE(T) == 8)
        /* A function designator has size 1 under GNU C; an object pointer has the pointer size. */
        #define HC_FUNCPTR(T) (HC_IS_PTR(T) && HC_PTEE_CLASS(T) == 5 && HC_PTEE_SIZE(T) == 1)
        #define HC_STRUCT_REF(T, S) (__builtin_types_compatible_p(T, S *) \\
            || __builtin_types_compatible_p(T, const S *))
        #define HC_STRUCT_VALUE(T, S) __builtin_types_compatible_p(T, S)
        """;
  }
}
