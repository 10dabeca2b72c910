package dev.hcsorchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The module edges of docs/architecture.md, read from its tables: the document is the rule, so the
 * two cannot drift apart.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.hcsorchestrator";
  private static final Path DOC = Path.of("docs", "architecture.md");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  /** One row of the module table: a package and what of ours it may use. */
  record Module(String name, String pkg, List<String> mayUse) {}

  /** One row of the library table: library packages and the modules that alone may use them. */
  record Library(List<String> packages, List<String> onlyIn) {}

  private static JavaClasses classes;
  private static List<Module> modules;
  private static List<Library> libraries;

  @BeforeAll
  static void read() throws IOException {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
    List<String> lines = Files.readAllLines(DOC);
    modules = new ArrayList<>();
    for (List<String> row : table(lines, "| package | holds | may use |")) {
      String name = unquote(row.get(0));
      List<String> mayUse = row.get(2).equals("-") ? List.of() : codes(row.get(2));
      modules.add(new Module(name, name.equals("(root)") ? ROOT : ROOT + "." + name, mayUse));
    }
    libraries = new ArrayList<>();
    for (List<String> row : table(lines, "| library packages | only in |")) {
      libraries.add(new Library(codes(row.get(0)), codes(row.get(1))));
    }
  }

  @Test
  void theTablesOfTheDocumentAreRead() {
    assertThat(modules)
        .extracting(Module::name)
        .contains("definition", "web", "reconcile", "host", "host.hcs", "ops", "config");
    assertThat(libraries).isNotEmpty();
    for (Module m : modules) {
      for (String used : m.mayUse()) {
        assertThat(moduleNamed(moduleOf(used)))
            .as("%s may use %s: no such row", m.name(), used)
            .isPresent();
      }
    }
  }

  @Test
  void everyPackageHasARow() {
    List<String> homeless =
        classes.stream()
            .filter(c -> module(c).isEmpty())
            .map(JavaClass::getPackageName)
            .distinct()
            .toList();
    assertThat(homeless).as("packages without a row in %s", DOC).isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> eachModuleUsesOnlyWhatItsRowAllows() {
    return modules.stream()
        .map(
            m ->
                DynamicTest.dynamicTest(
                    m.name() + " may use " + m.mayUse(),
                    () ->
                        classes()
                            .that(inModule(m))
                            .should()
                            .onlyDependOnClassesThat(allowedFor(m))
                            .allowEmptyShould(true)
                            .check(classes)));
  }

  @TestFactory
  Stream<DynamicTest> eachLibraryOnlyWhereItsRowAllows() {
    return libraries.stream()
        .map(
            lib ->
                DynamicTest.dynamicTest(
                    lib.packages() + " only in " + lib.onlyIn(),
                    () ->
                        noClasses()
                            .that(
                                DescribedPredicate.not(
                                    inAnyModule(lib.onlyIn().stream().map(this::requireRow))))
                            .should()
                            .dependOnClassesThat()
                            .resideInAnyPackage(
                                lib.packages().stream().map(p -> p + "..").toArray(String[]::new))
                            .check(classes)));
  }

  @Test
  void dllLevelInterfacesUseNoSpring() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".host.hcs..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..")
        .check(classes);
  }

  @Test
  void reconcileDecisionsArePlainJava() {
    classes()
        .that()
        .resideInAPackage(ROOT + ".reconcile")
        .and()
        .haveSimpleNameStartingWith("Reconciler")
        .should()
        .onlyDependOnClassesThat()
        .resideOutsideOfPackages("org.springframework..", "jakarta.persistence..")
        .check(classes);
  }

  @Test
  void theReconcilerSeesOnlyTheStoreSideOfDefinitions() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".reconcile..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(ROOT + ".definition.Definitions")
        .check(classes);
  }

  /** The stdcall binding fails off Windows and x64 Windows has one calling convention anyway. */
  @Test
  void noStdcallBinding() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .haveNameMatching("com\\.sun\\.jna\\.win32\\.StdCall.*")
        .check(classes);
  }

  // ---- the table as predicates ----

  /** The row a class belongs to: the longest package of the table that holds it. */
  private static Optional<Module> module(JavaClass c) {
    String pkg = c.getPackageName();
    return modules.stream()
        .filter(
            m ->
                pkg.equals(m.pkg())
                    || (!m.name().equals("(root)") && pkg.startsWith(m.pkg() + ".")))
        .max(Comparator.comparingInt(m -> m.pkg().length()));
  }

  private static boolean ours(JavaClass c) {
    String pkg = c.getPackageName();
    return pkg.equals(ROOT) || pkg.startsWith(ROOT + ".");
  }

  private static DescribedPredicate<JavaClass> inModule(Module m) {
    return DescribedPredicate.describe(
        "belong to " + m.name(), c -> module(c).map(m::equals).orElse(false));
  }

  private DescribedPredicate<JavaClass> inAnyModule(Stream<Module> ms) {
    List<Module> list = ms.toList();
    return DescribedPredicate.describe(
        "belong to " + list.stream().map(Module::name).toList(),
        c -> module(c).map(list::contains).orElse(false));
  }

  private static DescribedPredicate<JavaClass> allowedFor(Module m) {
    return DescribedPredicate.describe(
        "are not ours, or are in " + m.name() + " or " + m.mayUse(),
        target -> {
          JavaClass c = target.isArray() ? target.getBaseComponentType() : target;
          if (!ours(c)) {
            return true;
          }
          Optional<Module> owner = module(c);
          if (owner.isEmpty()) {
            return false;
          }
          if (owner.get().equals(m)) {
            return true;
          }
          for (String used : m.mayUse()) {
            if (isClass(used)) {
              String name = ROOT + "." + used;
              if (c.getName().equals(name) || c.getName().startsWith(name + "$")) {
                return true;
              }
            } else if (owner.get().name().equals(used)) {
              return true;
            }
          }
          return false;
        });
  }

  private Module requireRow(String name) {
    return moduleNamed(name)
        .orElseThrow(() -> new AssertionError("no row named " + name + " in " + DOC));
  }

  private static Optional<Module> moduleNamed(String name) {
    return modules.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /** {@code reconcile.ReconcileQueries} names a class: its last part starts with a capital. */
  private static boolean isClass(String used) {
    String last = used.substring(used.lastIndexOf('.') + 1);
    return Character.isUpperCase(last.charAt(0));
  }

  private static String moduleOf(String used) {
    return isClass(used) ? used.substring(0, used.lastIndexOf('.')) : used;
  }

  // ---- markdown ----

  /** The body rows of the table whose header line is {@code header}, as trimmed cells. */
  private static List<List<String>> table(List<String> lines, String header) {
    int at = lines.indexOf(header);
    assertThat(at).as("table %s in %s", header, DOC).isNotNegative();
    List<List<String>> rows = new ArrayList<>();
    for (int i = at + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String line = lines.get(i).trim();
      rows.add(
          Arrays.stream(line.substring(1, line.length() - 1).split("\\|"))
              .map(String::trim)
              .toList());
    }
    return rows;
  }

  private static List<String> codes(String cell) {
    List<String> out = new ArrayList<>();
    Matcher m = CODE.matcher(cell);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String unquote(String cell) {
    return cell.replace("`", "");
  }
}
