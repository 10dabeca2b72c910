package dev.hcsorchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module edges of the architecture: every arrow points one way. */
@AnalyzeClasses(
    packages = "dev.hcsorchestrator",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String ROOT = "dev.hcsorchestrator";

  @ArchTest
  static final ArchRule jnaOnlyInTheWindowsAdapter =
      noClasses()
          .that()
          .resideOutsideOfPackages(ROOT + ".host.jna..", ROOT + ".service.jna..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("com.sun.jna..");

  @ArchTest
  static final ArchRule jpaOnlyInDefinition =
      noClasses()
          .that()
          .resideOutsideOfPackage(ROOT + ".definition..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("jakarta.persistence..", "org.springframework.data..");

  @ArchTest
  static final ArchRule definitionDependsOnNoOtherModule =
      noClasses()
          .that()
          .resideInAPackage(ROOT + ".definition..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              ROOT + ".web..", ROOT + ".reconcile..", ROOT + ".host..", ROOT + ".ops..");

  @ArchTest
  static final ArchRule webUsesNeitherHostNorPersistenceInternals =
      noClasses()
          .that()
          .resideInAPackage(ROOT + ".web..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ROOT + ".host..", ROOT + ".ops..");

  @ArchTest
  static final ArchRule reconcileSeesOnlyTheTypedHostApi =
      noClasses()
          .that()
          .resideInAPackage(ROOT + ".reconcile..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              ROOT + ".host.hcs..",
              ROOT + ".host.jna..",
              ROOT + ".host.simulated..",
              ROOT + ".web..",
              ROOT + ".ops..");

  @ArchTest
  static final ArchRule hostKnowsNothingOfDefinitionsOrTheReconciler =
      noClasses()
          .that()
          .resideInAPackage(ROOT + ".host..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              ROOT + ".definition..", ROOT + ".reconcile..", ROOT + ".web..", ROOT + ".ops..");

  @ArchTest
  static final ArchRule dllLevelInterfacesStandAlone =
      noClasses()
          .that()
          .resideInAPackage(ROOT + ".host.hcs..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              ROOT + ".host",
              ROOT + ".host.jna..",
              ROOT + ".host.simulated..",
              "org.springframework..");

  @ArchTest
  static final ArchRule simulatedAndNativeDoNotKnowEachOther =
      noClasses()
          .that()
          .resideInAPackage(ROOT + ".host.simulated..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ROOT + ".host.jna..");

  @ArchTest
  static final ArchRule nativeDoesNotKnowTheSimulator =
      noClasses()
          .that()
          .resideInAPackage(ROOT + ".host.jna..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ROOT + ".host.simulated..");

  @ArchTest
  static final ArchRule reconcileDecisionsArePlainJava =
      classes()
          .that()
          .resideInAPackage(ROOT + ".reconcile")
          .and()
          .haveSimpleNameStartingWith("Reconciler")
          .should()
          .onlyDependOnClassesThat()
          .resideOutsideOfPackages("org.springframework..", "jakarta.persistence..");

  /** The stdcall binding fails off Windows and x64 Windows has one calling convention anyway. */
  @ArchTest
  static final ArchRule noStdcallBinding =
      noClasses()
          .should()
          .dependOnClassesThat()
          .haveNameMatching("com\\.sun\\.jna\\.win32\\.StdCall.*");
}
