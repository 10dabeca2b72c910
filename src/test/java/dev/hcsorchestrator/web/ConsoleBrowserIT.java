package dev.hcsorchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console in a real browser: Debian's headless Chromium driven through its chromedriver ({@code
 * /usr/bin/chromium}, {@code /usr/bin/chromedriver}; other paths with {@code -Dhcs.chromium=} and
 * {@code -Dhcs.chromedriver=}) against the service on the simulated host, reconciler running. Where
 * Chromium is absent the test is skipped and says so; with {@code CI=true} it fails instead.
 * Screenshots land in {@code target/console-screenshots/}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.host.mode=simulated",
      "hcs.security.tokens[0].name=ops",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=console-operator-token",
      "hcs.security.tokens[1].name=view",
      "hcs.security.tokens[1].role=viewer",
      "hcs.security.tokens[1].value=console-viewer-token"
    })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ConsoleBrowserIT {

  static final Path CHROMIUM = Path.of(System.getProperty("hcs.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("hcs.chromedriver", "/usr/bin/chromedriver"));

  @BeforeAll
  static void chromiumPresent() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    String reason =
        "Chromium or chromedriver missing ("
            + CHROMIUM
            + ", "
            + CHROMEDRIVER
            + "; Debian: apt-get install chromium chromium-driver): the console's browser test"
            + " does not run";
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(reason + " and CI=true");
    }
    assumeTrue(present, reason);
  }

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) throws IOException {
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "console-it-");
    registry.add("hcs.data-dir", dir::toString);
  }

  @LocalServerPort int port;

  @Test
  void anOperatorAndAViewerUseTheConsoleInChromium() throws Exception {
    Path profile = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-");
    ChromeDriver driver = ConsoleJourney.chromium(CHROMIUM, CHROMEDRIVER, profile);
    try {
      new ConsoleJourney(
              "http://127.0.0.1:" + port, "console-operator-token", "console-viewer-token", driver)
          .run();
    } finally {
      driver.quit();
    }
  }

  @Test
  void theConsoleIsServedWithoutATokenUnderAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console/"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'", "script-src 'self'", "style-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    // no inline script or style, nothing from another origin
    assertThat(page.body())
        .contains("<script type=\"module\" src=\"app.js\"></script>")
        .doesNotContain("<style", "style=", "onload=", "onclick=", "http://", "https://");
    // and the scripts put data into the page as text only, never as markup
    try (var scripts = Files.list(Path.of("src/main/resources/static/console"))) {
      for (Path script : scripts.filter(p -> p.toString().endsWith(".js")).toList()) {
        assertThat(Files.readString(script))
            .as(script.toString())
            .doesNotContain(
                "innerHTML",
                "outerHTML",
                "insertAdjacentHTML",
                "document.write",
                "eval(",
                "new Function",
                "localStorage",
                "document.cookie");
      }
    }
  }
}
