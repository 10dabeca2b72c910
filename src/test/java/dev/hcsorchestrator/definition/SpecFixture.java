package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hcsorchestrator.config.HcsProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the validation tests build again and again: the service's properties over a data directory
 * and image roots, a {@link DefinitionValidator} over them, minimal VM and container specs, and the
 * rejected fields of a validation.
 */
final class SpecFixture {

  /** A well-formed hvSocket service id, in the lower-case form the service stores. */
  static final String SERVICE_ID = "6c4eb1be-40f8-4f8e-a1b4-3a4a6f1b8a11";

  private SpecFixture() {}

  /** The properties of a simulated host over {@code dataDir} with these image roots. */
  static HcsProperties properties(Path dataDir, List<Path> imageRoots) {
    return new HcsProperties(
        dataDir,
        new HcsProperties.Host("simulated", "hcs-orchestrator"),
        new HcsProperties.Storage(null, imageRoots),
        null,
        null,
        new HcsProperties.Security(List.of(), false),
        null);
  }

  /** A validator over these properties. */
  static DefinitionValidator validator(HcsProperties properties) {
    return new DefinitionValidator(properties);
  }

  /** A disk of {@code gb} GB created empty. */
  static DiskSpec sized(String name, int gb) {
    return new DiskSpec(name, null, gb, null, null, null);
  }

  /** The VM {@code web-01} with nothing but its part. */
  static DefinitionSpec vmSpec(VirtualMachineSpec vm) {
    return new DefinitionSpec(
        "web-01", Kind.VirtualMachine, null, null, null, null, null, vm, null);
  }

  /** The container {@code ctr-01} with nothing but its part. */
  static DefinitionSpec containerSpec(ContainerSpec container) {
    return new DefinitionSpec(
        "ctr-01", Kind.Container, null, null, null, null, null, null, container);
  }

  /** The same spec with these labels. */
  static DefinitionSpec withLabels(DefinitionSpec s, Map<String, String> labels) {
    return copy(s, s.hostShutdownAction(), labels, s.healthCheck());
  }

  /** The same spec with this host-shutdown action. */
  static DefinitionSpec withAction(DefinitionSpec s, HostShutdownAction action) {
    return copy(s, action, s.labels(), s.healthCheck());
  }

  /** The same spec with this health check. */
  static DefinitionSpec withHealthCheck(DefinitionSpec s, HealthCheckSpec healthCheck) {
    return copy(s, s.hostShutdownAction(), s.labels(), healthCheck);
  }

  private static DefinitionSpec copy(
      DefinitionSpec s,
      HostShutdownAction action,
      Map<String, String> labels,
      HealthCheckSpec healthCheck) {
    return new DefinitionSpec(
        s.name(),
        s.kind(),
        s.desiredState(),
        s.restartPolicy(),
        s.maxRestarts(),
        s.shutdownTimeoutSeconds(),
        action,
        labels,
        s.virtualMachine(),
        s.container(),
        healthCheck);
  }

  /** What a validation rejected; empty when it passed. */
  static List<DefinitionException.FieldError> rejected(Runnable validation) {
    DefinitionException.Invalid e = invalid(validation);
    return e == null ? List.of() : e.errors();
  }

  /** The refusal of a validation, or null when it passed. */
  static DefinitionException.Invalid invalid(Runnable validation) {
    return catchThrowableOfType(DefinitionException.Invalid.class, validation::run);
  }

  /** The rejected fields of a new definition, in order. */
  static List<String> fields(DefinitionValidator validator, DefinitionSpec spec) {
    return rejected(() -> validator.validate(spec, null)).stream()
        .map(DefinitionException.FieldError::field)
        .toList();
  }

  /** The rejections of a new definition as {@code field: message}, in order. */
  static List<String> messages(DefinitionValidator validator, DefinitionSpec spec) {
    return messages(rejected(() -> validator.validate(spec, null)));
  }

  /** The rejections of a declared network as {@code field: message}, in order. */
  static List<String> networkMessages(
      DefinitionValidator validator, Network network, List<Network> others) {
    return messages(rejected(() -> validator.validateNetwork(network, others)));
  }

  private static List<String> messages(List<DefinitionException.FieldError> errors) {
    return errors.stream().map(f -> f.field() + ": " + f.message()).toList();
  }
}
