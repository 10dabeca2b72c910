package dev.hcsorchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.config.HcsProperties;
import dev.hcsorchestrator.config.HcsProperties.Role;
import dev.hcsorchestrator.config.HcsProperties.Token;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class TokenRegistryTest {

  @TempDir Path dataDir;

  private HcsProperties properties(List<Token> tokens) {
    return new HcsProperties(
        dataDir,
        new HcsProperties.Host("auto", "hcs-orchestrator"),
        new HcsProperties.Storage(null, List.of()),
        null,
        null,
        new HcsProperties.Security(tokens, false),
        null);
  }

  @Test
  void plainAndSha256TokensAuthenticateWithTheirRoles() {
    String hash = HexFormat.of().formatHex(TokenRegistry.sha256("viewer-secret"));
    TokenRegistry registry =
        new TokenRegistry(
            properties(
                List.of(
                    new Token("ops", Role.operator, "operator-secret"),
                    new Token("view", Role.viewer, "{sha256}" + hash.toUpperCase()))));

    assertThat(registry.authenticate("operator-secret"))
        .contains(new TokenRegistry.Caller("ops", Role.operator));
    assertThat(registry.authenticate("viewer-secret"))
        .contains(new TokenRegistry.Caller("view", Role.viewer));
    assertThat(registry.authenticate("{sha256}" + hash)).isEmpty();
    assertThat(registry.authenticate("operator-secre")).isEmpty();
    assertThat(registry.authenticate("")).isEmpty();
    assertThat(Files.exists(dataDir.resolve(TokenRegistry.TOKEN_FILE))).isFalse();
  }

  @Test
  void aMalformedSha256ValueStopsTheStartNamingTheProperty() {
    assertThatThrownBy(
            () ->
                new TokenRegistry(
                    properties(
                        List.of(
                            new Token("ok", Role.viewer, "fine"),
                            new Token("bad", Role.operator, "{sha256}abc")))))
        .hasMessageContaining("hcs.security.tokens[1].value");
  }

  @Test
  void withoutConfiguredTokensAnOperatorTokenIsGeneratedOnceOwnerOnlyAndNeverLogged(
      CapturedOutput output) throws Exception {
    TokenRegistry first = new TokenRegistry(properties(List.of()));
    Path file = dataDir.resolve(TokenRegistry.TOKEN_FILE);
    String token = Files.readString(file).trim();

    assertThat(token).hasSizeGreaterThanOrEqualTo(40);
    assertThat(first.authenticate(token))
        .hasValueSatisfying(c -> assertThat(c.role()).isEqualTo(Role.operator));
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }

    TokenRegistry second = new TokenRegistry(properties(List.of()));
    assertThat(Files.readString(file).trim()).isEqualTo(token);
    assertThat(second.authenticate(token)).isPresent();
    assertThat(output.getAll()).contains(file.toAbsolutePath().toString()).doesNotContain(token);
  }

  @Test
  void anExistingTokenFileOthersCanReadIsMadeOwnerOnlyWithAWarningNamingIt(CapturedOutput output)
      throws Exception {
    Assumptions.assumeTrue(
        dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX modes");
    Path file = dataDir.resolve(TokenRegistry.TOKEN_FILE);
    Files.writeString(file, "a-token-someone-wrote-by-hand-0123456789\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    TokenRegistry registry = new TokenRegistry(properties(List.of()));

    assertThat(registry.authenticate("a-token-someone-wrote-by-hand-0123456789")).isPresent();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(output.getAll())
        .contains("WARN")
        .contains(file.toAbsolutePath() + " could be read by other accounts");
  }
}
