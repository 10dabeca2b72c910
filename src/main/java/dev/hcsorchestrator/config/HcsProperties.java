package dev.hcsorchestrator.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code hcs.*} property (README.md, "Configuration"). A bad value stops the start with a
 * message naming the property.
 */
@Validated
@ConfigurationProperties("hcs")
public record HcsProperties(
    @NotNull @DefaultValue("./data") Path dataDir,
    @Valid @NotNull @DefaultValue Host host,
    @Valid @NotNull @DefaultValue Storage storage,
    @Valid @NotNull @DefaultValue Reconcile reconcile,
    @Valid @NotNull @DefaultValue Restart restart,
    @Valid @NotNull @DefaultValue Security security,
    @Valid @NotNull @DefaultValue Shutdown shutdown) {

  /**
   * {@code hcs.storage.root}, defaulting to {@code ${hcs.data-dir}/storage}; always absolute,
   * because HCS resolves the paths we send without our working directory.
   */
  public Path storageRoot() {
    Path root = storage.root() != null ? storage.root() : dataDir.resolve("storage");
    return root.toAbsolutePath().normalize();
  }

  public record Host(
      // @Pattern rather than an @AssertTrue method, so the error names hcs.host.mode itself.
      @NotNull
          @Pattern(
              regexp = "auto|native|simulated",
              message = "must be one of auto, native, simulated")
          @DefaultValue("auto")
          String mode,
      @NotBlank @DefaultValue("hcs-orchestrator") String owner) {}

  public record Storage(Path root, @NotNull @DefaultValue List<Path> imageRoots) {}

  public record Reconcile(
      // At least 1s: checked by HcsPropertiesValidator, which names the property.
      @NotNull @DefaultValue("30s") Duration resyncInterval,
      @Min(1) @Max(64) @DefaultValue("4") int workers,
      // compute systems being created and started at once (no boot storm)
      @Min(value = 1, message = "must be between 1 and 64")
          @Max(value = 64, message = "must be between 1 and 64")
          @DefaultValue("4")
          int maxConcurrentStarts) {}

  public record Restart(@Valid @NotNull @DefaultValue Backoff backoff) {}

  public record Backoff(
      // initial positive and not above max: checked by HcsPropertiesValidator.
      @NotNull @DefaultValue("1s") Duration initial,
      @NotNull @DefaultValue("60s") Duration max,
      @NotNull @DefaultValue("10m") Duration resetAfter) {}

  public record Security(
      @Valid @NotNull @DefaultValue List<Token> tokens,
      @DefaultValue("false") boolean metricsRequireAuth) {}

  /**
   * What the host's shutdown leaves the service: every definition's {@code hostShutdownAction}
   * together must end within {@code timeout} (1s..1h: checked by HcsPropertiesValidator). As a
   * Windows service it also sets the pre-shutdown time the service asks the SCM for.
   */
  public record Shutdown(@NotNull @DefaultValue("10m") Duration timeout) {}

  /** A configured bearer token; {@code value} is plain text or {@code {sha256}<hex>}. */
  public record Token(@NotBlank String name, @NotNull Role role, @NotBlank String value) {}

  /** Roles (README.md, "API in short"): a viewer may GET, an operator may do everything. */
  public enum Role {
    viewer,
    operator
  }
}
