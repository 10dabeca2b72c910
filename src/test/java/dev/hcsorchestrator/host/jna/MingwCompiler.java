package dev.hcsorchestrator.host.jna;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's mingw-w64 cross compiler ({@code gcc-mingw-w64-x86-64-win32}, installed by .ci/run),
 * which carries Microsoft's SDK headers as mingw-w64 ships them: computecore.h, virtdisk.h,
 * computenetwork.h, computestorage.h, winsvc.h.
 */
final class MingwCompiler {

  static final String EXECUTABLE = "x86_64-w64-mingw32-gcc";

  /** What every generated check file includes, in this order. */
  static final List<String> HEADERS =
      List.of(
          "windows.h",
          "stddef.h",
          "wchar.h",
          "computecore.h",
          "computenetwork.h",
          "computestorage.h",
          "virtdisk.h",
          "winsvc.h");

  private final Path executable;

  private MingwCompiler(Path executable) {
    this.executable = executable;
  }

  /** The compiler on the PATH, if there is one. */
  static Optional<MingwCompiler> find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, EXECUTABLE);
      if (Files.isExecutable(candidate)) {
        return Optional.of(new MingwCompiler(candidate));
      }
    }
    return Optional.empty();
  }

  /** The preamble every check file starts with: Windows 10 API level, Unicode names. */
  static String preamble() {
    StringBuilder c = new StringBuilder();
    c.append("#define _WIN32_WINNT 0x0A00\n#define UNICODE\n#define _UNICODE\n");
    HEADERS.forEach(h -> c.append("#include <").append(h).append(">\n"));
    return c.toString();
  }

  /** The header files the preamble pulls in, as the compiler resolves them ({@code -M}). */
  List<Path> includedHeaders(Path workDir) throws IOException, InterruptedException {
    Path source = workDir.resolve("headers.c");
    Files.writeString(source, preamble());
    Result result = run(workDir, "-M", source.toString());
    if (result.exitCode() != 0) {
      throw new IllegalStateException("the cross compiler cannot read the headers:\n" + result);
    }
    List<Path> headers = new ArrayList<>();
    for (String token : result.output().replace("\\\n", " ").split("\\s+")) {
      if (token.endsWith(".h")) {
        headers.add(Path.of(token));
      }
    }
    return headers;
  }

  /** Compiles {@code source} for syntax and constraints only; every warning is an error. */
  Result checkSyntax(Path source) throws IOException, InterruptedException {
    return run(
        source.getParent(), "-std=c11", "-fsyntax-only", "-Wall", "-Werror", source.toString());
  }

  private Result run(Path workDir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(args));
    Path output = Files.createTempFile(workDir, "gcc", ".out");
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("the cross compiler did not finish within 2 minutes");
    }
    return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  record Result(int exitCode, String output) {
    boolean succeeded() {
      return exitCode == 0;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n" + output;
    }
  }
}
