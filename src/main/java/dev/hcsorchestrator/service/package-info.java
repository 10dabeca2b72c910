/**
 * Operating the jar as a Windows service: the {@code service ...} command line (install, uninstall,
 * start, stop, status, run), the decisions the Service Control Manager's controls lead to, and the
 * {@link dev.hcsorchestrator.service.HostShutdown} hook a host shutdown calls. The SCM binding
 * itself (thin JNA calls over jna-platform's {@code Advapi32}) lives in {@code service.jna}.
 */
package dev.hcsorchestrator.service;
