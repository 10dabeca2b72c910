/**
 * The DLL-level interfaces: each mirrors one native library (computecore.dll first) at the
 * JSON-string level, with failures carried as {@link dev.hcsorchestrator.host.hcs.HcsException}
 * holding the HRESULT. Implemented by {@code host.jna} and {@code host.simulated}; nothing here
 * knows which.
 */
package dev.hcsorchestrator.host.hcs;
