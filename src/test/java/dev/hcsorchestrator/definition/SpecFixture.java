package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hcsorchestrator.config.HcsProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the validation tests build again and again: the service's properties over a data directory
 * and image roots, a {@link DefinitionValidator} over them, minimal VM and container specs (built
 * with {@link SpecBuilder}), and the rejected fields of a validation.
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
    return SpecBuilder.disk(name, gb);
  }

  /** The VM {@code web-01} with nothing but its part. */
  static DefinitionSpec vmSpec(VirtualMachineSpec vm) {
    return SpecBuilder.bare("web-01", Kind.VirtualMachine).virtualMachine(vm).build();
  }

  /** The container {@code ctr-01} with nothing but its part. */
  static DefinitionSpec containerSpec(ContainerSpec container) {
    return SpecBuilder.bare("ctr-01", Kind.Container).container(container).build();
  }

  /** The same spec with these labels. */
  static DefinitionSpec withLabels(DefinitionSpec s, Map<String, String> labels) {
    return SpecBuilder.from(s).labels(labels).build();
  }

  /** The same spec with this host-shutdown action. */
  static DefinitionSpec withAction(DefinitionSpec s, HostShutdownAction action) {
    return SpecBuilder.from(s).hostShutdownAction(action).build();
  }

  /** The same spec with this health check. */
  static DefinitionSpec withHealthCheck(DefinitionSpec s, HealthCheckSpec healthCheck) {
    return SpecBuilder.from(s).healthCheck(healthCheck).build();
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
