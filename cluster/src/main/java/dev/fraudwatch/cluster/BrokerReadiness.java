package dev.fraudwatch.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Asks Kafka whether its brokers serve: one short-lived Admin client per question, so no state to go stale. */
final class BrokerReadiness {

    private static final int TIMEOUT_MS = 3000;
    private final ClusterConfig config;

    BrokerReadiness(ClusterConfig config) {
        this.config = config;
    }

    /** Every broker of the cluster is registered (the quorum elected a controller and each broker joined). */
    boolean allRegistered() {
        if (!listening(config.kafkaPorts().get(0))) {
            return false;
        }
        Collection<Node> nodes = describe(config.bootstrapServers());
        return nodes != null && nodes.size() == config.brokers();
    }

    /** Broker {@code node} itself answers, and the cluster lists it. */
    boolean serves(int node) {
        if (!listening(config.kafkaPorts().get(node))) {
            return false;
        }
        Collection<Node> nodes = describe(ClusterConfig.HOST + ":" + config.kafkaPorts().get(node));
        return nodes != null && nodes.stream().anyMatch(n -> n.id() == node);
    }

    /** A plain TCP probe first: an Admin client on a port nobody listens on logs a warning per attempt. */
    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ClusterConfig.HOST, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Collection<Node> describe(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
        try (Admin admin = Admin.create(p)) {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes()
                .get(TIMEOUT_MS + 1000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException notYet) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
