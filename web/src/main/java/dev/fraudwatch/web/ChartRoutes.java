package dev.fraudwatch.web;

import dev.fraudwatch.core.model.ReceivedMail;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** JSON for the dashboard's charts ({@code /api/charts/...}) and the local SMTP server's mailbox. */
final class ChartRoutes {

    /** How far back the time-based charts look, counted back from the newest record. */
    static final int WINDOW_MINUTES = 60;
    static final int TOP_CUSTOMERS = 10;
    static final int MAX_MAILS = 50;

    private final ChartQueries charts;
    private final Supplier<List<ReceivedMail>> mails;
    private final int alertsLimit;

    ChartRoutes(ChartQueries charts, Supplier<List<ReceivedMail>> mails, int alertsLimit) {
        this.charts = charts;
        this.mails = mails;
        this.alertsLimit = alertsLimit;
    }

    void register(Javalin app) {
        app.get("/api/charts/summary", ctx -> ctx.json(charts.summary()));
        app.get("/api/charts/risk-levels", ctx -> ctx.json(charts.riskLevels()));
        app.get("/api/charts/avg-amount-by-risk", ctx -> ctx.json(charts.averageAmountByRiskLevel()));
        app.get("/api/charts/top-fraud-customers", ctx -> ctx.json(charts.topFraudCustomers(TOP_CUSTOMERS)));
        app.get("/api/charts/blocked-per-minute", ctx -> ctx.json(charts.blockedPerMinute(WINDOW_MINUTES)));
        app.get("/api/charts/fraud-by-device", ctx -> ctx.json(charts.fraudByDevice(WINDOW_MINUTES)));
        app.get("/api/charts/fraud-pct-by-card", ctx -> ctx.json(charts.fraudPercentByCard(WINDOW_MINUTES)));
        app.get("/api/charts/alerts", ctx -> ctx.json(charts.recentAlerts(alertsLimit)));
        app.get("/api/mails", this::mails);
    }

    /** Newest first; {@code enabled} is false when FraudWatch runs no local SMTP server (real SMTP configured). */
    private void mails(Context ctx) {
        if (mails == null) {
            ctx.json(Map.of("enabled", false, "mails", List.of()));
            return;
        }
        // The supplier hands them over newest first (EmbeddedSmtpService.receivedMails).
        List<ReceivedMail> all = mails.get();
        List<ReceivedMail> newest = List.copyOf(all.subList(0, Math.min(all.size(), MAX_MAILS)));
        ctx.json(Map.of("enabled", true, "total", all.size(), "mails", newest));
    }
}
