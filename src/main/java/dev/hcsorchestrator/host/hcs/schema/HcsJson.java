package dev.hcsorchestrator.host.hcs.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for the HCS documents: PascalCase names, nulls omitted. {@link #strict} reads the way HCS
 * does (unknown property, wrong type or unknown enum value is an error); {@link #lenient} reads
 * what the host answers, tolerating fields a newer host adds.
 */
public final class HcsJson {

  private static final JsonMapper STRICT =
      base()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .build();

  private static final JsonMapper LENIENT =
      base()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
          .build();

  private HcsJson() {}

  private static JsonMapper.Builder base() {
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
        .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .changeDefaultPropertyInclusion(
            incl ->
                incl.withValueInclusion(JsonInclude.Include.NON_NULL)
                    .withContentInclusion(JsonInclude.Include.NON_NULL));
  }

  /** Serialises a document. */
  public static String write(Object document) {
    return STRICT.writeValueAsString(document);
  }

  /** Reads a document as HCS would, throwing on anything the schema does not allow. */
  public static <T> T strict(String json, Class<T> type) throws JacksonException {
    return STRICT.readValue(json, type);
  }

  /** Reads a host answer, ignoring unknown fields and unknown enum values. */
  public static <T> T lenient(String json, Class<T> type) throws JacksonException {
    return LENIENT.readValue(json, type);
  }

  /** The strict mapper, for documents read as trees or arrays. */
  public static JsonMapper strictMapper() {
    return STRICT;
  }

  /** The lenient mapper, for host answers read as trees or arrays. */
  public static JsonMapper lenientMapper() {
    return LENIENT;
  }
}
