package dev.fraudwatch.web;

import dev.fraudwatch.indexer.es.IndexNames;
import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ReducedMotion;
import com.microsoft.playwright.options.WaitForSelectorState;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.indexer.es.ElasticsearchExtension;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.BlockedCustomer;
import dev.fraudwatch.core.model.ReceivedMail;
import dev.fraudwatch.kafka.KafkaBrokerExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard in headless Chromium against the real server and broker. */
class DashboardIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();
    @RegisterExtension
    static ElasticsearchExtension es = new ElasticsearchExtension();

    /** What the local SMTP server "received", newest first, as its supplier hands them over. */
    private static final List<ReceivedMail> MAILS = List.of(
        new ReceivedMail("fraudwatch@localhost", List.of("analyst@bank.example", "soc@bank.example"),
            "FraudWatch alert: Harry High blocked", "2024-05-01T13:02:40Z", "Account ACC0001000902"),
        new ReceivedMail("fraudwatch@localhost", List.of("analyst@bank.example"),
            "FraudWatch alert: " + Fixtures.SCRIPT_NAME + " blocked", "2024-05-01T13:02:10Z",
            "Account ACC0001000900\nAmount 20002.00\nRules: amount_spike"));

    private static Playwright playwright;
    private static com.microsoft.playwright.Browser browser;
    private static ElasticsearchClient client;
    private static EsDashboardQueries queries;

    private final List<String> dialogs = new CopyOnWriteArrayList<>();
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    private final List<String> foreignRequests = new CopyOnWriteArrayList<>();
    private KafkaSettings topics;
    private WebService service;
    private BrowserContext context;
    private Page page;
    private String base;

    @BeforeAll
    static void launchBrowser() throws Exception {
        client = es.client();
        IndexNames names = es.newIndices();
        EsData.index(client, names);
        queries = new EsDashboardQueries(client, names);
        playwright = Playwright.create();
        browser = Browser.launch(playwright);
    }

    @AfterAll
    static void closeBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @BeforeEach
    void openDashboard() {
        topics = kafka.newTopics();
        service = new WebService(WebConfig.local(0), topics, queries, queries, () -> MAILS);
        service.start();
        base = "http://127.0.0.1:" + service.port();
        context = browser.newContext(new NewContextOptions().setViewportSize(1440, 1100)
            .setReducedMotion(ReducedMotion.REDUCE));
        page = context.newPage();
        page.onDialog(d -> {
            dialogs.add(d.message());
            d.dismiss();
        });
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                consoleErrors.add(m.text());
            }
        });
        page.onPageError(consoleErrors::add);
        page.onRequest(r -> {
            if (!r.url().startsWith(base)) {
                foreignRequests.add(r.url());
            }
        });
        page.navigate(base + "/");
        // Generous: opening the page is not what is measured, and the shared test machine can be very busy.
        page.waitForSelector("#live-status.pill-ok", new Page.WaitForSelectorOptions().setTimeout(60_000));
    }

    @AfterEach
    void close() {
        if (context != null) {
            context.close();
        }
        if (service != null) {
            service.close();
        }
    }

    private void produce(BlockedCustomer c) {
        kafka.send(topics.topics().blockedCustomers(), c.accountNumber().getBytes(StandardCharsets.UTF_8),
            Json.toBytes(c));
    }

    @Test
    void aBlockedCustomerProducedToKafkaAppearsWithin2SecondsWithoutReload() throws Exception {
        Object navigationMarker = page.evaluate("() => (window.__marker = Math.random())");
        BlockedCustomer c = Fixtures.blocked(41);
        long sent;
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            // The clock starts when the broker has the record, not while a producer is being set up.
            producer.send(new ProducerRecord<>(topics.topics().blockedCustomers(),
                c.accountNumber().getBytes(StandardCharsets.UTF_8), Json.toBytes(c))).get();
            sent = System.nanoTime();
        }
        page.waitForSelector("#blocked-body tr[data-tx='" + c.transactionId() + "']",
            new Page.WaitForSelectorOptions().setTimeout(2_000));
        long millis = (System.nanoTime() - sent) / 1_000_000;
        assertThat(millis).as("ms from the broker's acknowledgement to the row on the page").isLessThanOrEqualTo(2_000);
        assertThat(page.evaluate("() => window.__marker")).as("same page, not reloaded").isEqualTo(navigationMarker);
        Locator row = page.locator("#blocked-body tr[data-tx='" + c.transactionId() + "']");
        assertThat(row.locator("td").nth(0).textContent()).isEqualTo(c.name());
        assertThat(row.locator("td").nth(1).textContent()).isEqualTo(c.accountNumber());
        assertThat(row.locator("td").nth(2).textContent()).isEqualTo("$91,020.50");
        assertThat(page.textContent("#kpi-live")).isEqualTo("1");
        System.out.println("blocked customer visible in the browser " + millis + " ms after produce");
        assertThat(foreignRequests).as("no page may load anything from another origin").isEmpty();
    }

    @Test
    void aScriptInjectionNameIsShownAsText() {
        BlockedCustomer evil = Fixtures.blocked(42, Fixtures.SCRIPT_NAME);
        produce(evil);
        produce(Fixtures.blocked(43, "Jane <b>Bold</b> Roe"));
        Locator name = page.locator("#blocked-body tr[data-tx='" + evil.transactionId() + "'] td").first();
        name.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE).setTimeout(5_000));
        page.waitForSelector("#blocked-body tr[data-tx='" + Fixtures.txId(43) + "']");
        assertThat(name.textContent()).isEqualTo(Fixtures.SCRIPT_NAME);
        assertThat(name.isVisible()).isTrue();
        assertThat(page.getByText(Fixtures.SCRIPT_NAME, new Page.GetByTextOptions().setExact(true)).first().isVisible())
            .isTrue();
        assertThat(page.locator("img").count()).as("no img element created from data").isZero();
        assertThat(page.locator("#blocked-body b").count()).isZero();
        assertThat(dialogs).as("no dialog fired").isEmpty();
        // The same name in the Elasticsearch data: top-customers table, alerts list and customer view.
        page.waitForSelector("#top-body tr");
        assertThat(page.locator("#top-body tr").first().locator("td").first().textContent())
            .isEqualTo(Fixtures.SCRIPT_NAME);
        page.waitForSelector("#alerts-list li");
        assertThat(page.locator("#alerts-list li .who").first().textContent()).isEqualTo(Fixtures.SCRIPT_NAME);
        page.locator("#top-body tr").first().click();
        page.waitForSelector("#customer-body dl.facts");
        assertThat(page.locator("#customer-body dd").first().textContent()).isEqualTo(Fixtures.SCRIPT_NAME);
        assertThat(page.locator("img").count()).as("no img element created from data").isZero();
        assertThat(page.locator("script:not([src])").count()).as("no inline script created from data").isZero();
        assertThat(dialogs).as("no dialog fired").isEmpty();
        assertThat(consoleErrors).as("console errors").isEmpty();
    }

    @Test
    void snapshotOnConnectShowsEarlierBlockedCustomersNewestFirst() {
        List<String> ids = new ArrayList<>();
        for (int i = 50; i < 53; i++) {
            BlockedCustomer c = Fixtures.blocked(i);
            produce(c);
            ids.add(0, c.transactionId());
        }
        page.waitForSelector("#blocked-body tr[data-tx='" + Fixtures.txId(52) + "']");
        page.reload();
        page.waitForSelector("#blocked-body tr[data-tx='" + Fixtures.txId(52) + "']");
        List<String> shown = new ArrayList<>();
        for (Locator r : page.locator("#blocked-body tr").all()) {
            shown.add(r.getAttribute("data-tx"));
        }
        assertThat(shown).containsExactlyElementsOf(ids);
    }

    @Test
    void theCustomerViewsBlockButtonPublishesTheAnalystsDecision() {
        // Not the simulator's ACC format: a bank's own account numbers (here an IBAN, with spaces) work the same way.
        String account = "DE89 3704 0044 0532 0130 60";
        page.fill("#lookup-account", account);
        page.click("#lookup button");
        page.waitForSelector("#customer:not([hidden])");
        assertThat(page.textContent("#customer-title")).isEqualTo(account);
        page.fill("#decision-by", "analyst.anna");
        page.fill("#decision-reason", "card reported stolen");
        page.click("#btn-block");
        page.waitForSelector("#decision-result.ok");
        assertThat(page.textContent("#decision-result")).contains("BLOCK of " + account);

        var records = kafka.consume(topics.topics().control(), 1, java.time.Duration.ofSeconds(10));
        assertThat(records).hasSize(1);
        var cmd = Json.fromBytes(records.get(0).value(), dev.fraudwatch.core.model.AccountCommand.class);
        assertThat(cmd.action()).isEqualTo(dev.fraudwatch.core.model.AccountCommand.Action.BLOCK);
        assertThat(cmd.by()).isEqualTo("analyst.anna");
        assertThat(cmd.reason()).isEqualTo("card reported stolen");
        assertThat(cmd.accountNumber()).isEqualTo(account);
    }

    @Test
    void chartsRenderFromElasticsearchAggregations() {
        produce(Fixtures.blocked(70, Fixtures.SCRIPT_NAME));
        produce(Fixtures.blocked(71, "Ada Analyst"));
        for (String chart : List.of("chart-risk-levels", "chart-avg-amount", "chart-blocked-per-minute", "chart-device",
            "chart-card")) {
            page.waitForSelector("#" + chart + ":is(.chart-card[data-state=ready] canvas)",
                new Page.WaitForSelectorOptions().setTimeout(10_000));
        }
        assertThat(chartData("chart-risk-levels")).containsExactlyInAnyOrder(3.0, 4.0, 5.0);
        assertThat(chartLabels("chart-risk-levels")).containsExactlyInAnyOrder("High Risk", "Moderate Risk",
            "Low Risk");
        assertThat(chartData("chart-blocked-per-minute")).containsExactly(2.0, 1.0, 3.0);
        assertThat(chartLabels("chart-blocked-per-minute")).containsExactly("13:00", "13:01", "13:02");
        assertThat(chartLabels("chart-device")).containsExactly("Laptop (Web Browser)",
            "Smartphone (Mobile Banking App)");
        assertThat(chartData("chart-card")).containsExactly(15.0, 5.0);
        assertThat(page.textContent("#kpi-customers")).isEqualTo("12");
        assertThat(page.textContent("#kpi-high")).isEqualTo("3");
        assertThat(page.locator("#top-body tr").count()).isEqualTo(10);
        assertThat(page.locator("#alerts-list li").count()).isEqualTo(3);
        assertThat(page.locator("#mails-list .mail-subject").allTextContents()).containsExactly(
            MAILS.get(0).subject(), MAILS.get(1).subject());
        assertThat(page.locator("#alerts-list li").first().locator(".rule").allTextContents())
            .containsExactly("amount_spike+0.5", "new_device+0.2");
        page.waitForSelector("#blocked-body tr[data-tx='" + Fixtures.txId(71) + "']");
        page.waitForSelector("#health-status.pill-ok");
        page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target", "screenshots", "dashboard.png"))
            .setFullPage(true));
        assertThat(consoleErrors).as("console errors").isEmpty();
        assertThat(dialogs).isEmpty();
    }

    private List<Double> chartData(String canvas) {
        @SuppressWarnings("unchecked")
        List<Number> data = (List<Number>) page.evaluate(
            "id => Chart.getChart(document.getElementById(id)).data.datasets[0].data", canvas);
        return data.stream().map(Number::doubleValue).toList();
    }

    @SuppressWarnings("unchecked")
    private List<String> chartLabels(String canvas) {
        return (List<String>) page.evaluate("id => Chart.getChart(document.getElementById(id)).data.labels", canvas);
    }
}
