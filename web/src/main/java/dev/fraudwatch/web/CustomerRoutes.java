package dev.fraudwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.model.AccountCommand;
import dev.fraudwatch.core.model.BlockedCustomer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The customer view's API: an account's risk profile and alerts, and an analyst's block / unblock decision. */
final class CustomerRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerRoutes.class);
    static final int MAX_BY = 100;
    static final int MAX_REASON = 500;

    private final RiskRepository risk;
    private final BlockedStore store;
    private final KafkaGateway kafka;
    private final JsonBodies bodies;
    private final int alertsLimit;

    CustomerRoutes(RiskRepository risk, BlockedStore store, KafkaGateway kafka, JsonBodies bodies, int alertsLimit) {
        this.risk = risk;
        this.store = store;
        this.kafka = kafka;
        this.bodies = bodies;
        this.alertsLimit = alertsLimit;
    }

    void register(Javalin app) {
        app.get("/api/customers/{account}", this::customer);
        app.post("/api/customers/{account}/block", ctx -> command(ctx, AccountCommand.Action.BLOCK));
        app.post("/api/customers/{account}/unblock", ctx -> command(ctx, AccountCommand.Action.UNBLOCK));
    }

    private void customer(Context ctx) {
        String account = account(ctx);
        Optional<JsonNode> doc = risk.risk(account);
        List<JsonNode> alerts = risk.alerts(account, alertsLimit);
        List<BlockedCustomer> blocked = store.forAccount(account);
        if (doc.isEmpty() && alerts.isEmpty() && blocked.isEmpty()) {
            throw new ApiError(404, "No customer with account " + account + " is known.");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", account);
        out.put("risk", doc.orElse(null));
        out.put("alerts", alerts);
        out.put("blocked", blocked);
        ctx.json(out);
    }

    /** Publishes the decision keyed by account, recorded with who decided and why, and echoes it back. */
    private void command(Context ctx, AccountCommand.Action action) {
        String account = account(ctx);
        JsonNode body = bodies.read(ctx);
        String by = JsonBodies.requiredText(body, "by", MAX_BY);
        String reason = JsonBodies.requiredText(body, "reason", MAX_REASON);
        AccountCommand cmd = new AccountCommand(account, action, by, reason, Instant.now().toString());
        kafka.publishCommand(cmd);
        LOG.info("Analyst '{}' asked to {} account {}: {}", by, action, account, reason);
        ctx.status(202).json(Map.of("message", action + " of " + account + " sent to the detection engine.",
            "command", cmd));
    }

    private static String account(Context ctx) {
        return BlockedCustomerValidator.account(ctx.pathParam("account"));
    }
}
