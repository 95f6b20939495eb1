package dev.fraudwatch.web;

import dev.fraudwatch.core.model.BlockedCustomer;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.Map;

/** The original's webhook: {@code POST /block-customer} and {@code GET /get-blocked-customers}. */
final class WebhookRoutes {

    private final BlockedStore store;
    private final KafkaGateway kafka;
    private final JsonBodies bodies;
    private final int defaultLimit;

    WebhookRoutes(BlockedStore store, KafkaGateway kafka, JsonBodies bodies, int defaultLimit) {
        this.store = store;
        this.kafka = kafka;
        this.bodies = bodies;
        this.defaultLimit = defaultLimit;
    }

    void register(Javalin app) {
        app.post("/block-customer", this::block);
        app.get("/get-blocked-customers", this::list);
    }

    /**
     * Stores a blocked customer. It is written to the blocked-customer topic first, so it survives a restart and
     * reaches the indexer and alert engine; it is shown at once, and the copy read back from Kafka is ignored.
     */
    private void block(Context ctx) {
        BlockedCustomer c = BlockedCustomerValidator.validate(bodies.read(ctx));
        long now = System.currentTimeMillis();
        kafka.publishBlocked(now, c);
        store.add(now, c);
        ctx.json(Map.of("message", "Customer " + c.accountNumber() + " stored as blocked.", "customer", c));
    }

    /** The newest blocked customers, newest first; {@code ?limit=} up to the store's capacity. */
    private void list(Context ctx) {
        int limit = defaultLimit;
        String given = ctx.queryParam("limit");
        if (given != null) {
            try {
                limit = Integer.parseInt(given);
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("Query parameter 'limit' must be a whole number, got '"
                    + BlockedCustomerValidator.clip(given) + "'.");
            }
            if (limit < 1 || limit > store.capacity()) {
                throw ApiError.badRequest("Query parameter 'limit' must be between 1 and " + store.capacity() + ".");
            }
        }
        ctx.json(store.latest(limit));
    }
}
