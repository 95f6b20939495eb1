package dev.fraudwatch.indexer.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real Elasticsearch node per test JVM, started on first use and stopped by a shutdown hook (a start costs
 * 15-27 s, so every IT class shares it): {@code @RegisterExtension static ElasticsearchExtension es = new
 * ElasticsearchExtension();}. Give each test its own indices with {@link #newIndices()}. A test that stops the
 * node (to simulate an outage) must start it again; {@link #beforeAll} also restarts it if one forgot.
 */
public final class ElasticsearchExtension implements BeforeAllCallback {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedElasticsearch node;
    private static Path dir;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        node();
    }

    /** The shared node, started (again) if it is not running. */
    public static synchronized EmbeddedElasticsearch node() throws IOException, InterruptedException {
        if (node == null) {
            // world-traversable: when the tests run as root the node runs as an unprivileged user
            dir = Files.createTempDirectory("fw-es-test",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            node = new EmbeddedElasticsearch(EmbeddedElasticsearch.Config.local(dir.resolve("node"), 0));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                node.stop();
                ElasticsearchDistribution.deleteTree(dir);
            }, "es-test-cleanup"));
        }
        if (!node.isRunning()) {
            node.start();
        }
        return node;
    }

    public String url() {
        return node.url();
    }

    /** A client of the shared node; the caller closes it. */
    public ElasticsearchClient client() {
        return EsClientFactory.create(ElasticsearchSettings.local(url(), IndexNames.defaults()));
    }

    /** Fresh, unique index names (not yet created). */
    public IndexNames newIndices() {
        return IndexNames.defaults().withSuffix(uniqueSuffix());
    }

    public static String uniqueSuffix() {
        return "t" + COUNTER.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
    }
}
