package com.m2m.app.widget;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One real headless Chromium, sized and emulated as a phone (412 x 915), driven through chromedriver. Elements are
 * found by their {@code data-testid}; every wait is explicit. {@link #shot} saves a PNG of the viewport to
 * {@code target/screenshots/<test>/<nn>-<step>.png}; {@link #docShot} also copies it to {@code docs/screenshots/}
 * when run with {@code -Dm2m.docs.screenshots=true} (how the README's screenshots are refreshed).
 */
public final class Browser implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(20);
    public static final int WIDTH = 412;
    public static final int HEIGHT = 915;

    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    private static final Path DOCS = Paths.get("..", "docs", "screenshots");

    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private Path testDirectory = SCREENSHOTS.resolve("unnamed");
    private int shots;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
        // The page re-renders a step when its state changes: an element found a moment ago may be gone, look again.
        this.wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(100));
        this.wait.ignoring(StaleElementReferenceException.class);
    }

    public static Browser start() {
        String binary = System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium");
        String chromedriver = System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!new File(binary).canExecute() || !new File(chromedriver).canExecute()) {
            throw new IllegalStateException("The widget's browser tests need Chromium and chromedriver: " + binary
                    + " and " + chromedriver + " (apt-get install chromium chromium-driver; or set CHROME_BIN and"
                    + " CHROMEDRIVER)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--hide-scrollbars", "--window-size=" + WIDTH + "," + HEIGHT);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // Headless Chrome keeps windows at least 500 px wide: emulate the phone's viewport exactly instead.
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", true));
        return new Browser(driver);
    }

    /** Screenshots of the following steps go to {@code target/screenshots/<name>/}, numbered from 01. */
    public void startTest(String name) {
        testDirectory = SCREENSHOTS.resolve(name);
        shots = 0;
        try {
            Files.createDirectories(testDirectory);
            try (var old = Files.list(testDirectory)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Loads {@code url} afresh (via about:blank: the same path with another fragment would not reload the page). */
    public void open(String url) {
        driver.switchTo().defaultContent();
        driver.get("about:blank");
        driver.get(url);
    }

    public static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    public WebElement waitFor(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(testId(id)));
    }

    public <T> T waitUntil(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    /** Waits until the element's text contains {@code text}; returns the whole text. */
    public String waitForText(String id, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(testId(id), text));
        return text(id);
    }

    /** Waits for the page's aria-live status region to say {@code text} (it is visually hidden: read its text). */
    public void waitForLiveRegion(String text) {
        wait.until(d -> text.equals(d.findElement(testId("live")).getAttribute("textContent")));
    }

    public void waitForAttribute(String id, String attribute, String value) {
        wait.until(ExpectedConditions.attributeToBe(testId(id), attribute, value));
    }

    public void click(String id) {
        WebElement element = wait.until(ExpectedConditions.elementToBeClickable(testId(id)));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block:'center'})", element);
        element.click();
    }

    public void type(String id, String text) {
        WebElement element = waitFor(id);
        element.clear();
        element.sendKeys(text);
    }

    public void select(String id, String value) {
        new Select(waitFor(id)).selectByValue(value);
    }

    /** The element's visible text (read again if the page re-rendered it meanwhile). */
    public String text(String id) {
        return wait.until(d -> d.findElement(testId(id)).getText());
    }

    public WebElement element(String id) {
        return driver.findElement(testId(id));
    }

    public boolean present(String id) {
        return !driver.findElements(testId(id)).isEmpty();
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public void scrollToTop() {
        script("window.scrollTo(0, 0)");
    }

    public void scrollTo(String id) {
        script("arguments[0].scrollIntoView({block:'center'})", element(id));
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    public List<LogEntry> consoleLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** A PNG of the viewport as {@code <nn>-<step>.png} in this test's directory. */
    public Path shot(String step) {
        Path file = testDirectory.resolve(String.format("%02d-%s.png", ++shots, step));
        try {
            Files.createDirectories(testDirectory);
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** {@link #shot}, and with {@code -Dm2m.docs.screenshots=true} a copy as {@code docs/screenshots/<name>.png}. */
    public Path docShot(String step, String name) {
        Path file = shot(step);
        if (Boolean.getBoolean("m2m.docs.screenshots") || "true".equals(System.getenv("M2M_DOCS_SCREENSHOTS"))) {
            try {
                Files.createDirectories(DOCS);
                Files.copy(file, DOCS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
