package dev.hcsorchestrator.service;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * {@code java -jar hcs-orchestrator.jar service <action>}: everything but {@code run} talks to the
 * SCM and exits without starting the application; {@code run} is the installed service itself. Exit
 * statuses: 0 done, 1 the SCM call failed, 2 a usage error or not Windows; {@code status}: 0
 * running, 3 not running, 4 not installed.
 */
public final class ServiceCli {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int NOT_RUNNING = 3;
  public static final int NOT_INSTALLED = 4;

  /** How long {@code start}, {@code stop} and {@code uninstall} wait for the service. */
  static final Duration WAIT = Duration.ofMinutes(2);

  private final Supplier<WindowsServices> services;
  private final boolean windows;
  private final PrintStream out;
  private final PrintStream err;

  ServiceCli(
      Supplier<WindowsServices> services, boolean windows, PrintStream out, PrintStream err) {
    this.services = services;
    this.windows = windows;
    this.out = out;
    this.err = err;
  }

  /**
   * The exit status when {@code args} are a {@code service} command, empty otherwise (the
   * application starts as usual).
   */
  public static OptionalInt main(String[] args, AppStarter starter, Supplier<WindowsServices> scm) {
    if (args.length == 0 || !args[0].equals("service")) {
      return OptionalInt.empty();
    }
    boolean windows =
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    // The binding is created only on Windows: off Windows JNA is never touched.
    return OptionalInt.of(
        new ServiceCli(scm, windows, System.out, System.err)
            .run(Arrays.asList(args).subList(1, args.length), starter, runningJar(), javaHome()));
  }

  int run(List<String> words, AppStarter starter, Path jar, Path javaHome) {
    if (!windows) {
      err.println(
          "The service command needs Windows (the Service Control Manager); this is "
              + System.getProperty("os.name")
              + ". Run the jar directly instead: java -jar hcs-orchestrator.jar");
      return USAGE;
    }
    ServiceCommand command;
    try {
      command = ServiceCommand.parse(words, jar != null ? jar : Path.of("."), javaHome);
      if (command.action() == ServiceCommand.Action.install && jar == null) {
        throw new ServiceCommand.UsageException(
            "install from the jar: java -jar hcs-orchestrator.jar service install");
      }
    } catch (ServiceCommand.UsageException e) {
      err.println(e.getMessage());
      err.print(ServiceCommand.USAGE);
      return USAGE;
    }
    try {
      return carryOut(command, starter, jar);
    } catch (WindowsServices.Failure e) {
      err.println(e.getMessage());
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    }
  }

  private int carryOut(ServiceCommand command, AppStarter starter, Path jar)
      throws InterruptedException {
    WindowsServices scm = services.get();
    String name = command.name();
    switch (command.action()) {
      case install -> {
        String binaryPath =
            ServiceCommand.binaryPath(
                command.install().java(),
                jar,
                name,
                command.home(),
                startArchive(jar, command.install().java()));
        scm.install(name, command.install(), binaryPath);
        out.println("Installed service " + name + ": " + binaryPath);
        out.println("Start it with: java -jar " + jar.getFileName() + " service start");
        return OK;
      }
      case uninstall -> {
        scm.uninstall(name, WAIT);
        out.println("Uninstalled service " + name);
        return OK;
      }
      case start -> {
        return show(name, scm.start(name), ServiceControls.RUNNING);
      }
      case stop -> {
        return show(name, scm.stop(name, WAIT), ServiceControls.STOPPED);
      }
      case status -> {
        WindowsServices.ServiceState state = scm.status(name);
        if (state == null) {
          out.println(name + ": not installed");
          return NOT_INSTALLED;
        }
        return show(name, state, ServiceControls.RUNNING) == OK ? OK : NOT_RUNNING;
      }
      case run -> {
        ServiceRun run =
            new ServiceRun(
                starter,
                command,
                context -> {
                  scm.logToEventLog(name);
                  // the configured hcs.shutdown.timeout wins over the one given at install
                  Duration timeout = context.getBean(HostShutdownSequence.class).timeout();
                  scm.requestPreshutdownTimeout(
                      name, ServiceControls.preshutdownTimeoutMillis(timeout));
                });
        scm.dispatch(name, run);
        return run.awaitStopped();
      }
      default -> throw new IllegalStateException(command.action().name());
    }
  }

  private int show(String name, WindowsServices.ServiceState state, int wanted) {
    out.println(
        name
            + ": "
            + state.stateName()
            + (state.processId() > 0 ? " (process " + state.processId() + ")" : ""));
    return state.state() == wanted ? OK : FAILED;
  }

  /** The jar this JVM runs ({@code java -jar}), or null when run from classes. */
  static Path runningJar() {
    String classPath = System.getProperty("java.class.path", "");
    if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
      Path jar = Path.of(classPath).toAbsolutePath().normalize();
      return Files.isRegularFile(jar) ? jar : null;
    }
    return null;
  }

  private static Path javaHome() {
    return Path.of(System.getProperty("java.home"));
  }

  /**
   * The archive of an extracted jar (docs/reliability.md) lying beside it, if any: its AOT cache
   * when the service's Java can take one (25 or later), else its class data sharing archive.
   */
  static Path startArchive(Path jar, Path java) {
    Path folder = jar.toAbsolutePath().getParent();
    Path aot = folder.resolve(ServiceCommand.AOT_CACHE);
    if (Files.isRegularFile(aot) && javaFeatureVersion(java) >= 25) {
      return aot;
    }
    Path cds = folder.resolve(ServiceCommand.CDS_ARCHIVE);
    return Files.isRegularFile(cds) ? cds : null;
  }

  /**
   * The feature version of the Java whose launcher is {@code java} ({@code <home>/bin/java.exe}),
   * from {@code JAVA_VERSION} in its home's {@code release} file; 0 when unknown.
   */
  static int javaFeatureVersion(Path java) {
    Path home = java.toAbsolutePath().getParent().getParent();
    if (home == null) {
      return 0;
    }
    try (var lines = Files.lines(home.resolve("release"))) {
      return lines
          .filter(l -> l.startsWith("JAVA_VERSION=\""))
          .findFirst()
          .map(l -> l.substring("JAVA_VERSION=\"".length()))
          .map(v -> v.split("[.\"+-]", 2)[0])
          .filter(v -> !v.isEmpty() && v.chars().allMatch(Character::isDigit) && v.length() <= 3)
          .map(Integer::parseInt)
          .orElse(0);
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }
}
