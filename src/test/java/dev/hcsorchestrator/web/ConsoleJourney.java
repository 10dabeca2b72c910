package dev.hcsorchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What an operator and a viewer do in the console, step by step, in a real Chromium, with a
 * screenshot of every page under {@code target/console-screenshots/}. The service is reached at
 * {@code base}; the tokens are the service's.
 */
final class ConsoleJourney {

  static final String XSS_LABEL = "<img src=x onerror=alert(1)>";
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  private final String base;
  private final String operator;
  private final String viewer;
  private final WebDriver driver;
  private final WebDriverWait wait;
  private final HttpClient http = HttpClient.newHttpClient();
  private int shot;

  ConsoleJourney(String base, String operator, String viewer, WebDriver driver) {
    this.base = base;
    this.operator = operator;
    this.viewer = viewer;
    this.driver = driver;
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(45), Duration.ofMillis(50));
  }

  /** Headless Chromium through the given chromedriver; nothing is downloaded. */
  static ChromeDriver chromium(Path chromium, Path chromedriver, Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1366,900",
        "--user-data-dir=" + profile.toAbsolutePath());
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  void run() throws Exception {
    Files.createDirectories(SCREENSHOTS);
    try {
      journey();
    } catch (Exception | AssertionError e) {
      screenshot("failure");
      throw e;
    }
  }

  private void journey() throws Exception {
    String db = "db-01";
    int created =
        send(
            "POST",
            "/api/v1/definitions",
            """
            {"name":"%s","kind":"VirtualMachine","desiredState":"Stopped",
             "labels":{"note":"%s","tier":"db"},
             "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","sizeGB":1}]}}
            """
                .formatted(db, XSS_LABEL));
    assertThat(created).isEqualTo(201);

    // Sign in as operator.
    driver.get(base + "/console/");
    WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    screenshot("sign-in");
    token.sendKeys("not-a-token");
    driver.findElement(By.id("signin")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "not"));
    token.clear();
    token.sendKeys(operator);
    driver.findElement(By.id("signin")).click();

    // The definitions, the hostile label shown as text and nothing run from it.
    WebElement row = row(db);
    js(
        "window.consoleNeverReloaded = true;"
            + " window.cspViolations = [];"
            + " document.addEventListener('securitypolicyviolation',"
            + " e => window.cspViolations.push(e.violatedDirective));");
    assertThat(row.findElements(By.cssSelector(".label")))
        .extracting(WebElement::getText)
        .contains("note=" + XSS_LABEL, "tier=db");
    assertThat(driver.findElements(By.cssSelector("main img"))).isEmpty();
    assertThat(noAlert()).isTrue();
    assertThat(driver.findElement(By.cssSelector("a[href='#/new']")).isDisplayed()).isTrue();
    assertThat((String) js("return sessionStorage.getItem('hcs.console.token')"))
        .isEqualTo(operator);
    assertThat((String) js("return document.cookie")).isEmpty();
    assertThat(driver.getCurrentUrl()).doesNotContain(operator);
    screenshot("definitions");

    // Filters: a label filter that matches nothing hides the row, clearing it shows it again.
    driver.findElement(By.id("filter-label")).sendKeys("tier=web");
    wait.until(ExpectedConditions.invisibilityOfElementLocated(rowBy(db)));
    driver.findElement(By.id("filter-label")).clear();
    driver.findElement(By.id("filter-label")).sendKeys("tier=db");
    row(db);

    // Create one with a mistake: the error appears at its field.
    driver.findElement(By.id("new")).click();
    WebElement json =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("definition-json")));
    String web = "web-07";
    String draft =
        """
        {
          "name": "%s",
          "kind": "VirtualMachine",
          "labels": {"tier": "web"},
          "virtualMachine": {
            "processors": 1,
            "memoryMB": %d,
            "disks": [{"name": "os", "sizeGB": 1}]
          }
        }""";
    setValue(json, draft.formatted(web, 1023));
    driver.findElement(By.id("submit")).click();
    WebElement error =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(
                    "#problems li.bad .field-error[data-field='virtualMachine.memoryMB']")));
    WebElement line = error.findElement(By.xpath("./ancestor::li[1]"));
    assertThat(line.findElement(By.tagName("code")).getText()).contains("\"memoryMB\": 1023");
    assertThat(error.getText()).contains("virtualMachine.memoryMB");
    assertThat(json.getAttribute("aria-invalid")).isEqualTo("true");
    screenshot("create-error");

    // Fix it: the definition page follows it to Running without a reload.
    setValue(json, draft.formatted(web, 1024));
    driver.findElement(By.id("submit")).click();
    awaitPhase("Running");
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#events tr[data-type='Started']")));
    screenshot("running");

    // Stop it (confirmed): Stopped, and the event arrives on the page.
    driver.findElement(By.id("action-stop")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-yes"))).click();
    awaitPhase("Stopped");
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#events tr[data-type='Stopped']")));
    assertThat((Boolean) js("return window.consoleNeverReloaded === true")).isTrue();
    screenshot("stopped");
    assertThat((List<?>) js("return window.cspViolations")).isEmpty();

    // A viewer: the same pages, and no control that writes.
    driver.findElement(By.id("signout")).click();
    WebElement again = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    assertThat((Object) js("return sessionStorage.getItem('hcs.console.token')")).isNull();
    again.sendKeys(viewer);
    driver.findElement(By.id("signin")).click();
    row(web);
    assertThat(driver.findElements(By.cssSelector("#new, #nav-new:not([hidden])"))).isEmpty();
    driver.findElement(By.cssSelector("a[data-name='" + web + "']")).click();
    awaitPhase("Stopped");
    assertThat(driver.findElements(By.cssSelector("main button[id^='action-'], #action-edit")))
        .isEmpty();
    screenshot("viewer");
    driver.get(base + "/console/#/new");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("definitions")));
    assertThat(driver.findElements(By.id("definition-json"))).isEmpty();

    // A phone-sized window still shows every definition.
    driver.manage().window().setSize(new Dimension(390, 844));
    row(db);
    screenshot("phone");
    assertThat(noAlert()).isTrue();
  }

  private By rowBy(String name) {
    return By.cssSelector("#definitions tr[data-name='" + name + "']");
  }

  private WebElement row(String name) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(rowBy(name)));
  }

  private void awaitPhase(String phase) {
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("main .heading .phase"), phase));
  }

  private void setValue(WebElement textarea, String value) {
    textarea.clear();
    textarea.sendKeys(value);
  }

  private boolean noAlert() {
    try {
      driver.switchTo().alert();
      return false;
    } catch (NoAlertPresentException e) {
      return true;
    }
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private void screenshot(String page) throws IOException {
    shot++;
    Path file = SCREENSHOTS.resolve(String.format("%02d-%s.png", shot, page));
    Path taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(taken, file, StandardCopyOption.REPLACE_EXISTING);
  }

  private int send(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + operator)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
