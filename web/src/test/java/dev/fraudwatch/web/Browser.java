package dev.fraudwatch.web;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Debian's Chromium, headless, driven by Playwright (which must not download a browser of its own). Playwright
 * gives each launch a fresh temporary profile itself (it refuses {@code --user-data-dir}).
 */
final class Browser {

    static final Path CHROMIUM = Paths.get(System.getProperty("fw.chromium", "/usr/bin/chromium"));

    private Browser() {
    }

    static com.microsoft.playwright.Browser launch(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
            .setExecutablePath(CHROMIUM)
            .setHeadless(true)
            .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }
}
