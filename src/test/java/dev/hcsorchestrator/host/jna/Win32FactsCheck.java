package dev.hcsorchestrator.host.jna;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Guid;
import dev.hcsorchestrator.host.jna.Win32Facts.Function;
import dev.hcsorchestrator.host.jna.Win32Facts.Member;
import dev.hcsorchestrator.host.jna.Win32Facts.Struct;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holds JNA bindings against {@link Win32Facts}: every Structure's size and every field's offset,
 * size and kind, for the union arm it fills; every Library method's DLL, argument count and the
 * kind of its result and each argument (callbacks' own prototypes included). What JNA itself lays
 * out on this 64-bit host is what is compared: it is what JNA passes.
 */
final class Win32FactsCheck {

  /** Structures of libraries the project uses, with the name of their Windows struct. */
  private static final Map<Class<?>, String> FOREIGN = Map.of(Guid.GUID.class, "GUID");

  /**
   * {@code __typeof__(((X *)0)->Arm)}: the arm of X's nameless union, called X.Arm in the table.
   */
  private static final Pattern ARM =
      Pattern.compile("__typeof__\\(\\(\\((\\w+) \\*\\)0\\)->(\\w+)\\)");

  private final Win32Facts facts;
  private final List<String> mismatches = new ArrayList<>();

  Win32FactsCheck(Win32Facts facts) {
    this.facts = facts;
  }

  /** Every mismatch of these bindings with the table; empty when they all agree. */
  List<String> check(List<Class<?>> libraries, List<Class<?>> structures) {
    libraries.forEach(this::library);
    structures.forEach(this::structure);
    return List.copyOf(mismatches);
  }

  /** The table name of a JNA Structure class, or null without one. */
  static String tableName(Class<?> type) {
    Class<?> base = layoutClass(type);
    if (FOREIGN.containsKey(base)) {
      return FOREIGN.get(base);
    }
    CStruct annotation = base.getAnnotation(CStruct.class);
    if (annotation == null) {
      return null;
    }
    Matcher arm = ARM.matcher(annotation.value());
    return arm.matches() ? arm.group(1) + "." + arm.group(2) : annotation.value();
  }

  // ------------------------------------------------------------------ functions

  private void library(Class<?> library) {
    String name = library.getSimpleName();
    if (!library.isInterface() || !Library.class.isAssignableFrom(library)) {
      mismatches.add(name + " is not a JNA Library interface");
      return;
    }
    String dll = facts.libraries().get(name);
    if (dll == null) {
      mismatches.add(name + ": no 'library " + name + " <dll>' line in the table");
      return;
    }
    for (Method method : library.getDeclaredMethods()) {
      if (Modifier.isStatic(method.getModifiers()) || method.isDefault()) {
        continue;
      }
      String what = name + "." + method.getName();
      // Unicode options map a name without a W suffix to its W export.
      Function f =
          Optional.ofNullable(facts.functions().get(method.getName()))
              .orElse(facts.functions().get(method.getName() + "W"));
      if (f == null) {
        mismatches.add(what + ": no function " + method.getName() + " in the table");
        continue;
      }
      if (!dll.equals(f.dll())) {
        mismatches.add(what + ": bound from " + dll + ", the table has it in " + f.dll());
      }
      prototype(what, method, f);
    }
  }

  private void prototype(String what, Method method, Function f) {
    Class<?>[] parameters = method.getParameterTypes();
    if (parameters.length != f.arguments().size()) {
      mismatches.add(
          what
              + " has "
              + parameters.length
              + " arguments, "
              + f.name()
              + " has "
              + f.arguments().size()
              + " ("
              + f.learn()
              + ")");
    }
    argument(what + " result", method.getReturnType(), f.result());
    for (int i = 0; i < Math.min(parameters.length, f.arguments().size()); i++) {
      argument(what + " argument " + (i + 1), parameters[i], f.arguments().get(i));
    }
  }

  private void argument(String what, Class<?> type, String expected) {
    CKind kind;
    try {
      kind = CKind.ofParameter(type);
    } catch (IllegalArgumentException e) {
      mismatches.add(what + ": " + e.getMessage());
      return;
    }
    boolean ok =
        switch (kind) {
          case STRUCTURE_REFERENCE -> expected.equals("STRUCT:" + tableName(type));
          case STRUCTURE_VALUE -> expected.equals("STRUCT_VALUE:" + tableName(type));
          // an untyped address may stand for a pointer to a struct the code reads by hand
          case POINTER -> expected.equals("POINTER") || expected.startsWith("STRUCT:");
          case CALLBACK -> expected.startsWith("CALLBACK:") && callback(what, type, expected);
          default -> expected.equals(kind.name());
        };
    if (!ok) {
      mismatches.add(what + ": Java " + type.getSimpleName() + " is " + kind + ", not " + expected);
    }
  }

  private boolean callback(String what, Class<?> type, String expected) {
    Function typedef = facts.callbacks().get(expected.substring("CALLBACK:".length()));
    if (typedef == null) {
      mismatches.add(what + ": no callback " + expected + " in the table");
      return true;
    }
    Optional<Method> invoke =
        Arrays.stream(type.getMethods())
            .filter(m -> !Modifier.isStatic(m.getModifiers()) && !m.isDefault())
            .filter(m -> m.getDeclaringClass() != Object.class)
            .filter(m -> m.getDeclaringClass() != Callback.class)
            .findFirst();
    if (invoke.isEmpty()) {
      mismatches.add(what + ": " + type.getName() + " has no callback method");
      return true;
    }
    prototype(what + " callback", invoke.get(), typedef);
    return true;
  }

  // ------------------------------------------------------------------ structures

  private void structure(Class<?> type) {
    String name = tableName(type);
    String what = type.getName();
    if (name == null) {
      mismatches.add(what + " is a JNA Structure without @CStruct naming its Windows struct");
      return;
    }
    Struct table = facts.structs().get(name);
    if (table == null) {
      mismatches.add(what + ": no struct " + name + " in the table");
      return;
    }
    Structure instance;
    try {
      var constructor = layoutClass(type).getDeclaredConstructor();
      constructor.setAccessible(true);
      instance = (Structure) constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      mismatches.add(what + " needs a no-argument constructor");
      return;
    }
    List<Field> fields = fieldsInOrder(instance);
    List<String> paths = cPaths(layoutClass(type), fields);
    if (paths.size() != fields.size()) {
      mismatches.add(
          what + ": @CStruct names " + paths.size() + " fields, it has " + fields.size());
      return;
    }
    Set<String> topMembers = new LinkedHashSet<>();
    Set<String> armMembers = new LinkedHashSet<>();
    for (int i = 0; i < fields.size(); i++) {
      Field field = fields.get(i);
      String path = paths.get(i);
      Optional<Member> resolved = resolve(table, path, 0);
      String where = name + "." + path + " (" + what + "." + field.getName() + ")";
      if (resolved.isEmpty()) {
        mismatches.add(where + ": no such member in the table (" + table.learn() + ")");
        continue;
      }
      Member m = resolved.get();
      topMembers.add(path.split("\\.")[0]);
      if (path.contains(".")) {
        armMembers.add(path.substring(0, path.lastIndexOf('.')) + "|" + path);
      }
      int offset = jnaOffset(instance, field.getName());
      if (offset != m.offset()) {
        mismatches.add(where + " at offset " + offset + ", Windows has " + m.offset());
      }
      int size = fieldSize(instance, field);
      if (size != m.size()) {
        mismatches.add(where + " of " + size + " bytes, Windows has " + m.size());
      }
      String kind = fieldKind(field.getType());
      if (!kind.equals(m.kind())) {
        mismatches.add(where + " is " + kind + ", Windows has " + m.kind());
      }
    }
    coverage(what, table, topMembers, armMembers, instance.size());
  }

  /** Every member filled, one arm of a union (all of it), and the size up to that arm's end. */
  private void coverage(
      String what, Struct table, Set<String> top, Set<String> armPaths, int jnaSize) {
    int end = 0;
    List<Member> arms = new ArrayList<>();
    for (Member m : table.members()) {
      if (m.arm()) {
        if (top.contains(m.name())) {
          arms.add(m);
        }
      } else if (!top.contains(m.name())) {
        mismatches.add(what + ": " + table.name() + "." + m.name() + " is missing");
      } else {
        end = Math.max(end, m.offset() + m.size());
      }
    }
    if (table.hasArms() && arms.size() != 1) {
      mismatches.add(
          what + ": fills " + arms.size() + " arms of " + table.name() + "'s union, not one");
    }
    for (Member arm : arms) {
      end = Math.max(end, arm.offset() + arm.size());
      // an arm reached member by member (Version2.GetInfoOnly) must be filled whole
      Struct armTable = facts.structs().get(arm.structName().orElseThrow());
      boolean flattened = armPaths.stream().anyMatch(p -> p.startsWith(arm.name() + "|"));
      if (flattened && armTable != null) {
        for (Member inner : armTable.members()) {
          if (!armPaths.contains(arm.name() + "|" + arm.name() + "." + inner.name())) {
            mismatches.add(what + ": " + arm.name() + "." + inner.name() + " is missing");
          }
        }
      }
    }
    int expected =
        table.hasArms()
            ? (end + table.alignment() - 1) / table.alignment() * table.alignment()
            : table.size();
    if (jnaSize != expected) {
      mismatches.add(
          what
              + ": JNA lays out "
              + jnaSize
              + " bytes, Windows "
              + expected
              + (table.hasArms() ? " up to the end of the arm it fills" : "")
              + " ("
              + table.name()
              + " is "
              + table.size()
              + "; "
              + table.learn()
              + ")");
    }
  }

  /** The member at a dotted path (Version2.UniqueId), its offset from the struct's start. */
  private Optional<Member> resolve(Struct table, String path, int base) {
    int dot = path.indexOf('.');
    String head = dot < 0 ? path : path.substring(0, dot);
    Optional<Member> member = table.member(head);
    if (member.isEmpty() || dot < 0) {
      return member.map(m -> new Member(m.name(), base + m.offset(), m.size(), m.kind()));
    }
    Struct inner = member.get().structName().map(facts.structs()::get).orElse(null);
    return inner == null
        ? Optional.empty()
        : resolve(inner, path.substring(dot + 1), base + member.get().offset());
  }

  private static String fieldKind(Class<?> type) {
    if (Structure.class.isAssignableFrom(type)
        && !Structure.ByReference.class.isAssignableFrom(type)) {
      String name = tableName(type);
      return name != null && name.contains(".") ? "ARM:" + name : "STRUCT_VALUE:" + name;
    }
    if (type.isArray()) {
      return "ARRAY:" + type.getComponentType().getSimpleName();
    }
    if (type == char.class || type == NativeLong.class) {
      return type.getSimpleName() + " (lays out differently on Linux and Windows)";
    }
    if (type == WString.class) {
      return "WIDE_STRING";
    }
    if (type == Pointer.class || Structure.ByReference.class.isAssignableFrom(type)) {
      return "POINTER";
    }
    try {
      return CKind.ofParameter(type).name();
    } catch (IllegalArgumentException e) {
      return type.getName();
    }
  }

  private static int fieldSize(Structure instance, Field field) {
    Class<?> type = field.getType();
    if (Structure.class.isAssignableFrom(type)
        && !Structure.ByReference.class.isAssignableFrom(type)) {
      try {
        field.setAccessible(true);
        return ((Structure) field.get(instance)).size();
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    if (type == long.class
        || type == Pointer.class
        || type == WString.class
        || Structure.ByReference.class.isAssignableFrom(type)) {
      return 8;
    }
    if (type == int.class || type == boolean.class) {
      return 4;
    }
    if (type == short.class) {
      return 2;
    }
    if (type == byte.class) {
      return 1;
    }
    return -1;
  }

  /** Foo.ByValue and Foo.ByReference share Foo's layout. */
  private static Class<?> layoutClass(Class<?> type) {
    Class<?> base = type;
    while (base.getDeclaredAnnotation(Structure.FieldOrder.class) == null
        && base.getSuperclass() != null
        && Structure.class.isAssignableFrom(base.getSuperclass())
        && base.getSuperclass() != Structure.class) {
      base = base.getSuperclass();
    }
    return base;
  }

  private static List<String> cPaths(Class<?> type, List<Field> fields) {
    CStruct annotation = type.getAnnotation(CStruct.class);
    if (annotation == null || annotation.fields().length == 0) {
      return fields.stream().map(Field::getName).toList();
    }
    return List.of(annotation.fields());
  }

  private static List<Field> fieldsInOrder(Structure instance) {
    Class<?> type = instance.getClass();
    Structure.FieldOrder order = null;
    for (Class<?> t = type; order == null && t != null; t = t.getSuperclass()) {
      order = t.getAnnotation(Structure.FieldOrder.class);
    }
    if (order == null) {
      throw new IllegalArgumentException(type + " has no @FieldOrder");
    }
    List<Field> fields = new ArrayList<>();
    for (String name : order.value()) {
      fields.add(field(type, name));
    }
    return fields;
  }

  private static Field field(Class<?> type, String name) {
    for (Class<?> t = type; t != null; t = t.getSuperclass()) {
      try {
        return t.getDeclaredField(name);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new IllegalArgumentException(type + " has no field " + name);
  }

  private static int jnaOffset(Structure structure, String field) {
    try {
      Method method = Structure.class.getDeclaredMethod("fieldOffset", String.class);
      method.setAccessible(true);
      return (Integer) method.invoke(structure, field);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
