package dev.hcsorchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HostErrorsTest {

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(HResults.HCS_E_SYSTEM_NOT_FOUND, HostException.NotFound.class),
        Arguments.of(0xC037010E, HostException.NotFound.class),
        Arguments.of(HResults.E_NOT_FOUND, HostException.NotFound.class),
        Arguments.of(HResults.E_FILE_NOT_FOUND, HostException.NotFound.class),
        Arguments.of(HResults.HCN_E_NETWORK_NOT_FOUND, HostException.NotFound.class),
        Arguments.of(HResults.HCN_E_ENDPOINT_NOT_FOUND, HostException.NotFound.class),
        Arguments.of(HResults.HCS_E_SYSTEM_ALREADY_EXISTS, HostException.AlreadyExists.class),
        Arguments.of(0xC037010F, HostException.AlreadyExists.class),
        Arguments.of(HResults.E_FILE_EXISTS, HostException.AlreadyExists.class),
        Arguments.of(HResults.HCN_E_NETWORK_ALREADY_EXISTS, HostException.AlreadyExists.class),
        Arguments.of(HResults.HCS_E_INVALID_STATE, HostException.InvalidState.class),
        Arguments.of(0xC0370105, HostException.InvalidState.class),
        Arguments.of(HResults.HCS_E_SYSTEM_ALREADY_STOPPED, HostException.InvalidState.class),
        Arguments.of(0xC0370110, HostException.InvalidState.class),
        Arguments.of(HResults.HCS_E_PROCESS_ALREADY_STOPPED, HostException.InvalidState.class),
        Arguments.of(HResults.HCS_E_TERMINATED, HostException.InvalidState.class),
        Arguments.of(HResults.HCS_E_OPERATION_TIMEOUT, HostException.Timeout.class),
        Arguments.of(HResults.HCS_E_INVALID_JSON, HostException.Rejected.class),
        Arguments.of(0xC037010D, HostException.Rejected.class),
        Arguments.of(HResults.HCS_E_UNSUPPORTED_PROTOCOL_VERSION, HostException.Rejected.class),
        Arguments.of(HResults.HCS_E_INVALID_LAYER, HostException.Rejected.class),
        Arguments.of(HResults.E_INVALIDARG, HostException.Rejected.class),
        Arguments.of(HResults.E_NOTIMPL, HostException.Rejected.class),
        Arguments.of(HResults.HCN_E_INVALID_JSON, HostException.Rejected.class),
        Arguments.of(0xC03A0004, HostException.Rejected.class),
        Arguments.of(HResults.HCS_E_SERVICE_NOT_AVAILABLE, HostException.Unavailable.class),
        Arguments.of(HResults.HCS_E_CONNECT_FAILED, HostException.Unavailable.class),
        Arguments.of(HResults.HCS_E_SERVICE_DISCONNECT, HostException.Unavailable.class),
        Arguments.of(HResults.HCS_E_ACCESS_DENIED, HostException.Unavailable.class),
        Arguments.of(HResults.E_ACCESSDENIED, HostException.Rejected.class),
        Arguments.of(HResults.E_SHARING_VIOLATION, HostException.Unavailable.class),
        Arguments.of(0x8000FFFF, HostException.Unavailable.class));
  }

  @ParameterizedTest(name = "0x{0}")
  @MethodSource("table")
  void classifiesEachHresultOnce(int hresult, Class<? extends HostException> expected) {
    HostException e =
        HostErrors.classify(
            "start", "sys-1", new HcsException("HcsStartComputeSystem", hresult, null, null));

    assertThat(e).isInstanceOf(expected);
    assertThat(e.hresult()).isEqualTo(HResults.normalize(hresult));
    assertThat(e.operation()).isEqualTo("start");
    assertThat(e.systemId()).isEqualTo("sys-1");
  }

  @Test
  void messageCarriesTheResultErrorText() {
    HostException e =
        HostErrors.classify(
            "create",
            "sys-1",
            new HcsException(
                "HcsCreateComputeSystem",
                HResults.HCS_E_INVALID_JSON,
                "x",
                "{\"Error\":-2143878899,\"ErrorMessage\":\"The JSON document is invalid.\"}"));

    assertThat(e.getMessage())
        .contains("create sys-1 failed")
        .contains("HCS_E_INVALID_JSON")
        .contains("The JSON document is invalid.")
        .contains("0x8037010D");
  }
}
