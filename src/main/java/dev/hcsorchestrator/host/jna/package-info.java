/**
 * The JNA implementations of the DLL-level interfaces of {@code host.hcs}: the only place JNA
 * appears ({@code native} is a Java keyword). Uses {@code host.hcs} alone; docs/windows.md says how
 * the binding is proven without Windows, docs/architecture.md the edges.
 */
package dev.hcsorchestrator.host.jna;
