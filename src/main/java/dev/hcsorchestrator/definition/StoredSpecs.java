package dev.hcsorchestrator.definition;

import jakarta.persistence.EntityManager;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Read access to the stored specs of other definitions, for rules across definitions. */
@Component
class StoredSpecs {

  private static final JsonMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** A stored spec with its definition's name. */
  record Named(String name, DefinitionSpec spec) {}

  private final EntityManager entityManager;

  StoredSpecs(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /** Every stored virtual machine's spec but the one named {@code name} (which may be null). */
  List<Named> virtualMachinesExcept(String name) {
    List<Object[]> rows =
        entityManager
            .createQuery(
                "select d.name, d.specJson from DefinitionEntity d where d.kind = :kind",
                Object[].class)
            .setParameter("kind", Kind.VirtualMachine)
            .getResultList();
    return rows.stream()
        .filter(row -> !row[0].equals(name))
        .map(
            row ->
                new Named((String) row[0], JSON.readValue((String) row[1], DefinitionSpec.class)))
        .toList();
  }
}
