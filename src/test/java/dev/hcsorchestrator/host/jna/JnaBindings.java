package dev.hcsorchestrator.host.jna;

import com.sun.jna.Library;
import com.sun.jna.Structure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every JNA {@code Library} interface and {@code Structure} class of the project's main code, found
 * by scanning the compiled classes, so a binding added anywhere is checked without being
 * registered.
 */
record JnaBindings(List<Class<?>> libraries, List<Class<?>> structures) {

  static JnaBindings ofProject() {
    Path root;
    try {
      root =
          Path.of(
              ComputeCoreLibrary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<Class<?>> classes;
    try (Stream<Path> files = Files.walk(root.resolve("dev/hcsorchestrator"))) {
      classes =
          files
              .filter(f -> f.toString().endsWith(".class"))
              .map(f -> root.relativize(f).toString())
              .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
              .sorted()
              .<Class<?>>map(JnaBindings::load)
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new JnaBindings(
        classes.stream().filter(c -> c.isInterface() && Library.class.isAssignableFrom(c)).toList(),
        classes.stream()
            .filter(c -> Structure.class.isAssignableFrom(c))
            .filter(c -> !java.lang.reflect.Modifier.isAbstract(c.getModifiers()))
            .toList());
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, JnaBindings.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
