package dev.hcsorchestrator.service;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;

/**
 * The parsed {@code service <action> [--option=value ...]} command line. {@code run} is what the
 * installed service's command line uses; its unknown options go to the application (Spring
 * properties), the other actions reject them.
 */
public record ServiceCommand(
    Action action, String name, Install install, Path home, List<String> applicationArgs) {

  public static final String DEFAULT_NAME = "HcsOrchestrator";
  public static final String USAGE =
      """
      usage: java -jar hcs-orchestrator.jar service <action> [options]
        install    [--name=HcsOrchestrator] [--display-name="HCS Orchestrator"]
                   [--start-type=auto|delayed-auto|manual] (auto)
                   [--account=<DOMAIN\\user | NT SERVICE\\name | gMSA$>] (LocalSystem)
                   [--password=<password of the account>]
                   [--restart-delay=60s] [--restart-attempts=3] [--reset-failures-after=1d]
                   [--shutdown-timeout=10m] (as hcs.shutdown.timeout)
                   [--depends-on=vmcompute] [--home=<folder>] (the jar's folder)
                   [--java=<java.exe>] (this Java)
        uninstall  [--name=...]
        start      [--name=...]
        stop       [--name=...]
        status     [--name=...]   exit status 0 running, 3 not running, 4 not installed
        run        [--name=...] [--home=<folder>] [application options]  (the SCM's command line)
      """;

  public enum Action {
    install,
    uninstall,
    start,
    stop,
    status,
    run
  }

  public enum StartType {
    auto,
    delayed_auto,
    manual
  }

  /** Options of {@code install}. */
  public record Install(
      String displayName,
      StartType startType,
      String account,
      String password,
      Duration restartDelay,
      int restartAttempts,
      Duration resetFailuresAfter,
      Duration shutdownTimeout,
      List<String> dependsOn,
      Path java) {}

  /** A command line that cannot be carried out; the message says why. */
  public static final class UsageException extends Exception {
    public UsageException(String message) {
      super(message);
    }
  }

  /** Parses the words after {@code service}; {@code jar} is the running jar (for defaults). */
  public static ServiceCommand parse(List<String> words, Path jar, Path javaHome)
      throws UsageException {
    if (words.isEmpty()) {
      throw new UsageException("missing action");
    }
    Action action;
    try {
      action = Action.valueOf(words.get(0));
    } catch (IllegalArgumentException e) {
      throw new UsageException("unknown action '" + words.get(0) + "'");
    }
    Map<String, String> options = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>();
    for (String word : words.subList(1, words.size())) {
      int eq = word.indexOf('=');
      String key = word.startsWith("--") && eq > 2 ? word.substring(2, eq) : null;
      if (key != null && OPTIONS.getOrDefault(key, List.of()).contains(action)) {
        options.put(key, word.substring(eq + 1));
      } else if (action == Action.run) {
        rest.add(word);
      } else {
        throw new UsageException("unknown option '" + word + "' for " + action);
      }
    }
    String name = options.getOrDefault("name", DEFAULT_NAME);
    if (name.isBlank() || name.contains("/") || name.contains("\\")) {
      throw new UsageException("--name must not be empty nor contain / or \\");
    }
    Path home =
        options.containsKey("home")
            ? Path.of(options.get("home")).toAbsolutePath().normalize()
            : jar.toAbsolutePath().normalize().getParent();
    Install install = action == Action.install ? install(options, javaHome) : null;
    return new ServiceCommand(action, name, install, home, List.copyOf(rest));
  }

  private static final Map<String, List<Action>> OPTIONS =
      Map.ofEntries(
          Map.entry("name", List.of(Action.values())),
          Map.entry("home", List.of(Action.install, Action.run)),
          Map.entry("display-name", List.of(Action.install)),
          Map.entry("start-type", List.of(Action.install)),
          Map.entry("account", List.of(Action.install)),
          Map.entry("password", List.of(Action.install)),
          Map.entry("restart-delay", List.of(Action.install)),
          Map.entry("restart-attempts", List.of(Action.install)),
          Map.entry("reset-failures-after", List.of(Action.install)),
          Map.entry("shutdown-timeout", List.of(Action.install)),
          Map.entry("depends-on", List.of(Action.install)),
          Map.entry("java", List.of(Action.install)));

  private static Install install(Map<String, String> o, Path javaHome) throws UsageException {
    StartType startType;
    try {
      startType =
          StartType.valueOf(
              o.getOrDefault("start-type", "auto").replace('-', '_').toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--start-type must be auto, delayed-auto or manual");
    }
    String account = o.get("account");
    if (account != null && account.isBlank()) {
      account = null;
    }
    if (o.containsKey("password") && account == null) {
      throw new UsageException("--password needs --account");
    }
    int attempts;
    try {
      attempts = Integer.parseInt(o.getOrDefault("restart-attempts", "3"));
    } catch (NumberFormatException e) {
      throw new UsageException("--restart-attempts must be a number");
    }
    if (attempts < 0 || attempts > 10) {
      throw new UsageException("--restart-attempts must be between 0 and 10");
    }
    Duration shutdownTimeout = duration(o, "shutdown-timeout", "10m");
    if (shutdownTimeout.compareTo(Duration.ofSeconds(1)) < 0
        || shutdownTimeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new UsageException("--shutdown-timeout must be between 1s and 1h");
    }
    String depends = o.getOrDefault("depends-on", "vmcompute");
    List<String> dependsOn =
        depends.isBlank()
            ? List.of()
            : List.of(depends.split(",")).stream().map(String::trim).toList();
    Path java =
        o.containsKey("java")
            ? Path.of(o.get("java")).toAbsolutePath()
            : javaHome.resolve("bin").resolve("java.exe");
    return new Install(
        o.getOrDefault("display-name", "HCS Orchestrator"),
        startType,
        account,
        o.get("password"),
        duration(o, "restart-delay", "60s"),
        attempts,
        duration(o, "reset-failures-after", "1d"),
        shutdownTimeout,
        dependsOn,
        java);
  }

  private static Duration duration(Map<String, String> o, String key, String fallback)
      throws UsageException {
    String text = o.getOrDefault(key, fallback);
    try {
      Duration d = DurationStyle.detectAndParse(text);
      if (d.isNegative()) {
        throw new UsageException("--" + key + " must not be negative");
      }
      return d;
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new UsageException("--" + key + " must be a duration such as 30s, 10m or 1d");
    }
  }

  /**
   * The installed service's command line (the SCM's binPath): the same jar in {@code service run}
   * mode, told its home folder, since the SCM starts services in System32.
   */
  public static String binaryPath(Path java, Path jar, String name, Path home) {
    return binaryPath(java, jar, name, home, null);
  }

  /**
   * The same, with the start archive {@code archive} (when not null) given to the JVM: an AOT cache
   * ({@value #AOT_CACHE}, Java 25 or later) as {@code -XX:AOTCache}, a class data sharing archive
   * ({@value #CDS_ARCHIVE}) as {@code -XX:SharedArchiveFile}. A start after a host boot then maps
   * the classes the archive's training run loaded (and, from an AOT cache, linked) instead of
   * loading and verifying them again. A JVM that cannot use it (another Java build, a changed class
   * path) starts without it (the default modes {@code -XX:AOTMode=auto} and {@code -Xshare:auto}).
   */
  public static String binaryPath(Path java, Path jar, String name, Path home, Path archive) {
    return quote(java.toString())
        + (archive == null ? "" : " " + quote(archiveOption(archive)))
        + " -jar "
        + quote(jar.toAbsolutePath().toString())
        + " service run --name="
        + quote(name)
        + " --home="
        + quote(home.toString());
  }

  /** The JVM option that makes a JVM use {@code archive}, chosen by its file name. */
  static String archiveOption(Path archive) {
    return (archive.getFileName().toString().endsWith(".aot")
            ? "-XX:AOTCache="
            : "-XX:SharedArchiveFile=")
        + archive;
  }

  /**
   * The class data sharing archive {@code service install} gives the JVM when it lies beside the
   * jar.
   */
  public static final String CDS_ARCHIVE = "hcs-orchestrator.jsa";

  /**
   * The AOT cache {@code service install} gives the JVM when it lies beside the jar and the
   * service's Java is 25 or later (an older JVM refuses the option and would not start).
   */
  public static final String AOT_CACHE = "hcs-orchestrator.aot";

  /**
   * Quotes a word for the Windows command line (CommandLineToArgvW rules): a path cannot hold
   * {@code "}, but a trailing backslash would escape the closing quote, so it is doubled.
   */
  static String quote(String word) {
    if (!word.isEmpty() && word.chars().noneMatch(c -> c == ' ' || c == '\t')) {
      return word;
    }
    return "\"" + (word.endsWith("\\") ? word + "\\" : word) + "\"";
  }

  /**
   * The application's own options for {@code run}: its config folder and, as defaults an operator's
   * config file may override, the data folder and the log file, all under {@code home}.
   */
  public Map<String, Object> applicationDefaults() {
    return Map.of(
        "hcs.data-dir", home.resolve("data").toString(),
        "logging.file.name", home.resolve("logs").resolve("hcs-orchestrator.log").toString());
  }

  /** The arguments Spring gets in {@code run}: the config folder under home, then the rest. */
  public String[] springArgs() {
    List<String> args = new ArrayList<>();
    args.add(
        "--spring.config.additional-location=optional:file:"
            + home.resolve("config").toString().replace('\\', '/')
            + "/");
    args.addAll(applicationArgs);
    return args.toArray(String[]::new);
  }
}
