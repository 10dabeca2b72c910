package dev.hcsorchestrator.host.jna;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the C struct of a Windows header that a JNA {@code Structure} mirrors, so the header check
 * (src/test/java/dev/hcsorchestrator/host/jna/HeaderCheckTest.java) can compare its size and field
 * offsets with the cross compiler's. {@link #fields} gives the C member path of each field in
 * {@code @FieldOrder} order when it is not the Java field's name (a member of a nameless union is
 * reached as {@code Version2.UniqueId}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CStruct {

  /** The struct's typedef name in the header, e.g. {@code HCS_EVENT}. */
  String value();

  /** C member paths in field order; empty means the Java field names. */
  String[] fields() default {};
}
