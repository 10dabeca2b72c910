package dev.hcsorchestrator.web;

import dev.hcsorchestrator.config.HcsProperties;
import dev.hcsorchestrator.config.HcsProperties.Role;
import dev.hcsorchestrator.config.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The bearer tokens the service accepts. Only SHA-256 hashes are kept in memory; a presented token
 * is hashed and compared with every known hash in constant time.
 */
@Component
class TokenRegistry {

  static final String TOKEN_FILE = "operator.token";
  private static final String SHA256_PREFIX = "{sha256}";
  private static final Logger log = LoggerFactory.getLogger(TokenRegistry.class);

  /** Who a token belongs to. */
  record Caller(String name, Role role) {}

  private record Known(Caller caller, byte[] hash) {}

  private final List<Known> known;

  TokenRegistry(HcsProperties properties) {
    List<Known> tokens = new ArrayList<>();
    List<HcsProperties.Token> configured = properties.security().tokens();
    for (int i = 0; i < configured.size(); i++) {
      HcsProperties.Token t = configured.get(i);
      tokens.add(new Known(new Caller(t.name(), t.role()), hashOf(t.value(), i)));
    }
    if (tokens.isEmpty()) {
      String generated = generatedToken(properties.dataDir().resolve(TOKEN_FILE));
      tokens.add(new Known(new Caller("operator", Role.operator), sha256(generated)));
    }
    this.known = List.copyOf(tokens);
  }

  Optional<Caller> authenticate(String presented) {
    byte[] hash = sha256(presented);
    Caller match = null;
    // Compare with every entry, so timing does not reveal which one matched.
    for (Known k : known) {
      if (MessageDigest.isEqual(k.hash(), hash) && match == null) {
        match = k.caller();
      }
    }
    return Optional.ofNullable(match);
  }

  private static byte[] hashOf(String value, int index) {
    if (value.startsWith(SHA256_PREFIX)) {
      String hex = value.substring(SHA256_PREFIX.length());
      try {
        byte[] hash = HexFormat.of().parseHex(hex);
        if (hash.length == 32) {
          return hash;
        }
      } catch (IllegalArgumentException e) {
        // reported below, naming the property
      }
      throw new IllegalStateException(
          "hcs.security.tokens["
              + index
              + "].value: a {sha256} value must be followed by 64 hexadecimal digits");
    }
    return sha256(value);
  }

  static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Reads the generated operator token, or creates it once with owner-only access. */
  private static String generatedToken(Path file) {
    try {
      if (!Files.exists(file)) {
        OwnerOnly.createDirectory(file.toAbsolutePath().getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
          OwnerOnly.createFile(file);
          Files.writeString(file, token + System.lineSeparator(), StandardOpenOption.WRITE);
          log.info(
              "No hcs.security.tokens configured: generated an operator token in {}",
              file.toAbsolutePath());
          return token;
        } catch (FileAlreadyExistsException raced) {
          // another start wrote it first: use that one
        }
      }
      if (OwnerOnly.tighten(file)) {
        log.warn(
            "{} could be read by other accounts; it is now readable by the service account only."
                + " Replace the token if others may have read it (delete the file and restart)",
            file.toAbsolutePath());
      }
      String token = Files.readString(file).trim();
      if (token.isEmpty()) {
        throw new IllegalStateException(
            file.toAbsolutePath() + " is empty: delete it to generate a new operator token");
      }
      log.info(
          "No hcs.security.tokens configured: using the operator token in {}",
          file.toAbsolutePath());
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create " + file.toAbsolutePath(), e);
    }
  }
}
