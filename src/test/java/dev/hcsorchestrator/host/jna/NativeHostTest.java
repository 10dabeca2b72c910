package dev.hcsorchestrator.host.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the native host: it is used when the service answers, else the start says why. */
class NativeHostTest {

  private static String path;
  private static TwinLibrary twin;
  @TempDir Path dir;
  private TwinBackend backend;
  private SimulatedComputeCore sim;

  @BeforeAll
  static void loadTwin() {
    path = TwinLibrary.pathOrSkip();
    twin = TwinLibrary.load(path);
  }

  @AfterEach
  void uninstall() {
    if (backend != null) {
      backend.uninstall();
    }
    if (sim != null) {
      sim.close();
    }
    twin.TwinSetBackend(null);
  }

  private void serviceAnswersWith(int hresult) {
    sim = NativeComputeCoreTwinTest.newBackendCore(dir);
    ComputeCore real = sim;
    ComputeCore failing =
        (ComputeCore)
            Proxy.newProxyInstance(
                ComputeCore.class.getClassLoader(),
                new Class<?>[] {ComputeCore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getServiceProperties")) {
                    throw new HcsException("HcsGetServiceProperties", hresult, null, null);
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    backend = new TwinBackend(twin, failing);
    backend.install();
  }

  @Test
  void opensWhenTheServiceAnswers() {
    sim = NativeComputeCoreTwinTest.newBackendCore(dir);
    backend = new TwinBackend(twin, sim);
    backend.install();
    try (NativeComputeCore core = NativeHost.open(path, NativeTimeouts.defaults())) {
      assertThat(core.getServiceProperties(null)).isNotBlank();
    }
  }

  @Test
  void aHostWithoutTheServiceNamesTheMissingFeature() {
    // No backend: the twin answers HCS_E_SERVICE_NOT_AVAILABLE, as a host without vmcompute.
    assertThatThrownBy(() -> NativeHost.open(path, NativeTimeouts.defaults()))
        .isInstanceOf(NativeHostUnavailableException.class)
        .hasMessageContaining("Hyper-V role or the Containers feature");
  }

  @Test
  void aCallerWithoutRightsIsToldWhichRightsAreNeeded() {
    serviceAnswersWith(HResults.E_ACCESSDENIED);
    assertThatThrownBy(() -> NativeHost.open(path, NativeTimeouts.defaults()))
        .isInstanceOf(NativeHostUnavailableException.class)
        .hasMessageContaining("Administrator")
        .hasMessageContaining("Hyper-V Administrators");
  }

  @Test
  void theV1FormOfAnHcsErrorIsUnderstoodLikeTheHresultForm() {
    serviceAnswersWith(0xC0370102); // ERROR_VMCOMPUTE_HYPERV_NOT_INSTALLED
    assertThatThrownBy(() -> NativeHost.open(path, NativeTimeouts.defaults()))
        .isInstanceOf(NativeHostUnavailableException.class)
        .hasMessageContaining("0xC0370102")
        .hasMessageContaining("Hyper-V role or the Containers feature");
  }

  @Test
  void aMissingLibraryIsReportedAsAMissingFeature() {
    assertThatThrownBy(
            () -> NativeHost.open(path + ".does-not-exist.so", NativeTimeouts.defaults()))
        .isInstanceOf(NativeHostUnavailableException.class)
        .hasMessageContaining("could not be loaded")
        .hasMessageContaining("Hyper-V role or the Containers feature");
  }

  @Test
  void theDefaultLibraryOffWindowsIsRefusedWithTheReason() {
    org.junit.jupiter.api.Assumptions.assumeFalse(NativeHost.isWindows());
    assertThatThrownBy(() -> NativeHost.open(NativeHost.DEFAULT_LIBRARY, NativeTimeouts.defaults()))
        .isInstanceOf(NativeHostUnavailableException.class)
        .hasMessageContaining("Windows Server 2019");
  }
}
