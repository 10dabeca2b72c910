package dev.hcsorchestrator.host.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.platform.win32.Guid;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.simulated.SimulatedComputeNetwork;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the twin can show about {@link NativeComputeNetwork}: HCN's quirks and the ABI. */
class NativeComputeNetworkTwinTest {

  private static String path;
  private static TwinNetworkLibrary twin;

  @TempDir Path dir;
  private TwinNetworkBackend backend;
  private TwinNetworkLeaks leaks;
  private NativeComputeNetwork hcn;

  @BeforeAll
  static void loadTwin() {
    path = TwinLibrary.pathOrSkip();
    twin = TwinNetworkLibrary.load(path);
  }

  @BeforeEach
  void setUp() {
    backend = new TwinNetworkBackend(twin, new SimulatedComputeNetwork(dir, new SimulatorFaults()));
    backend.install();
    leaks = TwinNetworkLeaks.baseline(twin);
    hcn = NativeComputeNetwork.load(path, Duration.ofSeconds(30));
  }

  @AfterEach
  void tearDown() {
    try {
      hcn.close();
      leaks.assertNone();
    } finally {
      twin.TwinSetSpuriousErrorRecords(0);
      backend.uninstall();
    }
  }

  @Test
  void aNonEmptyErrorRecordIsAFailureEvenWithSOk() {
    twin.TwinSetSpuriousErrorRecords(1);

    assertThatThrownBy(() -> hcn.enumerateNetworks(null))
        .isInstanceOfSatisfying(
            HcsException.class,
            e -> {
              assertThat(e.hresult()).isEqualTo(HResults.HCN_E_INVALID_JSON);
              assertThat(e.getMessage()).contains("spurious error record");
              assertThat(e.resultDocument()).contains("ErrorCode");
            });
    assertThat(hcn.enumerateNetworks(null)).contains(SimulatedComputeNetwork.NAT_NETWORK_ID);
  }

  @Test
  void theGuidReachesTheDllByReferenceInItsNativeLayout() {
    GuidLayout guid = new GuidLayout();
    assertThat(guid.size()).isEqualTo(twin.TwinNetworkLayout(0));
    assertThat(guid.offset("Data2")).isEqualTo(twin.TwinNetworkLayout(1));
    assertThat(guid.offset("Data3")).isEqualTo(twin.TwinNetworkLayout(2));
    assertThat(guid.offset("Data4")).isEqualTo(twin.TwinNetworkLayout(3));

    String id = UUID.randomUUID().toString();
    hcn.createNamespace(id, "{\"SchemaVersion\":{\"Major\":2,\"Minor\":0}}");
    // The twin formats the GUID it received by reference; the simulated HCN stored that text.
    assertThat(hcn.queryNamespaceProperties(id, null)).contains(id);
    hcn.deleteNamespace(id);
  }

  /** Exposes the protected offsets JNA computed. */
  static final class GuidLayout extends Guid.GUID {
    long offset(String field) {
      return fieldOffset(field);
    }
  }

  @Test
  void aStringIsAllocatedForEveryResultAndEveryOneIsFreed() {
    long before = twin.TwinNetworkStat(TwinNetworkLibrary.STRINGS_ALLOCATED);

    hcn.queryNetworkProperties(SimulatedComputeNetwork.NAT_NETWORK_ID, null);
    assertThatThrownBy(() -> hcn.queryEndpointProperties(UUID.randomUUID().toString(), null))
        .isInstanceOf(HcsException.class);

    // one result, one ErrorRecord; leaks.assertNone() proves both were freed with CoTaskMemFree
    assertThat(twin.TwinNetworkStat(TwinNetworkLibrary.STRINGS_ALLOCATED) - before).isEqualTo(2);
  }

  @Test
  void aMalformedIdIsRefusedBeforeTheDllIsCalled() {
    long calls = twin.TwinNetworkStat(TwinNetworkLibrary.CALLS);

    assertThatThrownBy(() -> hcn.deleteEndpoint("not-a-guid"))
        .isInstanceOfSatisfying(
            HcsException.class, e -> assertThat(e.hresult()).isEqualTo(HResults.E_INVALIDARG));
    assertThat(twin.TwinNetworkStat(TwinNetworkLibrary.CALLS)).isEqualTo(calls);
  }
}
