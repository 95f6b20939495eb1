package dev.fraudwatch.launcher.bench;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.kafka.KafkaClients;
import dev.fraudwatch.core.model.AccountCommand;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * The bench's analyst: between two phases it unblocks the accounts the phase before blocked, with the same command
 * on the control topic that the web API's {@code POST /api/customers/{account}/unblock} publishes. The bench's
 * customers come back phase after phase, and the simulator does not know that a blocked account's bank would stop
 * its customer transacting; without this, every later transaction of an account blocked early is blocked and alerted
 * again, and the blocked share grows from phase to phase (in one run, at least 11,868 blocks among the 125,000
 * transactions of the 5,000/s latency phase's measured part, over 9 %, against under 1 % in a phase of fresh
 * accounts).
 */
final class AnalystUnblocks implements AutoCloseable {

    static final String BY = "fraudwatch bench";

    private final KafkaProducer<byte[], byte[]> producer;
    private final String controlTopic;

    AnalystUnblocks(KafkaSettings kafka) {
        this.controlTopic = kafka.topics().control();
        this.producer = new KafkaProducer<>(KafkaClients.reliableProducer(kafka.clientProps()),
            new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Publishes an UNBLOCK for each account and waits until the broker has them all. */
    void unblock(Collection<String> accounts) {
        String at = Instant.now().toString();
        for (String account : accounts) {
            AccountCommand c = new AccountCommand(account, AccountCommand.Action.UNBLOCK, BY,
                "unblocked between bench phases", at);
            producer.send(new ProducerRecord<>(controlTopic, account.getBytes(StandardCharsets.UTF_8),
                Json.toBytes(c)));
        }
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
