package dev.fraudwatch.web;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.BlockedCustomer;
import io.javalin.http.sse.SseClient;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pushes blocked customers to every open dashboard over Server-Sent Events: a {@code snapshot} event with the
 * current list on connect, then one {@code blocked} event per new record. A periodic comment keeps idle
 * connections open through proxies and finds browsers that went away.
 */
final class LiveStream implements AutoCloseable {

    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "web-sse-heartbeat");
        t.setDaemon(true);
        return t;
    });

    LiveStream() {
        heartbeat.scheduleAtFixedRate(() -> clients.forEach(c -> send(c, null, "keep-alive")), 15, 15,
            TimeUnit.SECONDS);
    }

    /** Registers the client before taking the snapshot, so a record arriving in between is not missed. */
    void connect(SseClient client, java.util.function.Supplier<List<BlockedCustomer>> snapshot) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        send(client, "snapshot", Json.toString(snapshot.get()));
    }

    void publish(BlockedCustomer c) {
        String json = Json.toString(c);
        clients.forEach(client -> send(client, "blocked", json));
    }

    int size() {
        return clients.size();
    }

    /** One writer at a time per connection: the feed thread and the heartbeat both write. */
    private void send(SseClient client, String event, String data) {
        synchronized (client) {
            if (client.terminated()) {
                clients.remove(client);
                return;
            }
            if (event == null) {
                client.sendComment(data);
            } else {
                client.sendEvent(event, data);
            }
            if (client.terminated()) {
                clients.remove(client);
            }
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        clients.forEach(SseClient::close);
        clients.clear();
    }
}
