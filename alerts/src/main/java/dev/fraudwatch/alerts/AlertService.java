package dev.fraudwatch.alerts;

import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.lifecycle.Service;
import dev.fraudwatch.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The e-mail alert engine as a {@link Service}: one consumer thread in group {@link AlertsConfig#consumerGroup()}
 * (start more instances, here or on other hosts, to share the partitions). Nothing runs before {@link #start()}.
 */
public final class AlertService implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

    private final AlertsConfig config;
    private final KafkaSettings kafka;
    private final AlertSender sender;
    private final Clock clock;
    private volatile AlertEngine engine;
    private volatile Thread thread;
    private volatile Throwable failure;
    private KafkaProducer<byte[], byte[]> producer;

    public AlertService(AlertsConfig config, KafkaSettings kafka, AlertSender sender) {
        this(config, kafka, sender, Clock.systemUTC());
    }

    /** With a given clock for the group windows and backoff, so a test can end a window without waiting. */
    AlertService(AlertsConfig config, KafkaSettings kafka, AlertSender sender, Clock clock) {
        this.config = config;
        this.kafka = kafka;
        this.sender = sender;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "e-mail alerts";
    }

    @Override
    public void start() {
        sender.verify();
        SentLedger.ensureTopic(kafka.clientProps(), config.sentTopic(), kafka.partitions(), kafka.replicationFactor(),
            config.sentRetention());
        producer = new KafkaProducer<>(producerProps());
        Properties consumerProps = consumerProps();
        // The first consumer is made here, so a setting it rejects fails start() as before; after a failure of the
        // loop the engine closes its consumer and asks for a new one.
        AtomicReference<KafkaConsumer<byte[], byte[]>> first =
            new AtomicReference<>(new KafkaConsumer<>(consumerProps));
        Supplier<Consumer<byte[], byte[]>> consumers = () -> {
            KafkaConsumer<byte[], byte[]> c = first.getAndSet(null);
            return c != null ? c : new KafkaConsumer<>(consumerProps);
        };
        SentLedger ledger = new SentLedger(config.sentTopic(), kafka.clientProps(), producer,
            config.sentRetention());
        engine = new AlertEngine(config, consumers, producer, ledger, sender, clock);
        Thread t = new Thread(() -> {
            try {
                engine.run();
            } catch (Throwable e) {
                failure = e;
                LOG.error("The e-mail alert engine stopped: {}", e.toString(), e);
            }
        }, "fraudwatch-alerts");
        t.setDaemon(true);
        thread = t;
        t.start();
        LOG.info("E-mail alerts: reading {} and {} (group {}), threshold {}, grouping {} / {}; sending via {}",
            config.blockedTopic(), config.alertsTopic(), config.consumerGroup(), config.threshold(), config.groupBy(),
            config.groupWindow(), sender.describe());
    }

    /**
     * True while the consumer thread runs; false after {@link #close()} or a fatal error (an {@link Error}: a failure
     * of the loop itself restarts it on a new consumer instead).
     */
    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Blocked transactions waiting for their mail (group window not over, or the mail server failing). */
    public int waiting() {
        AlertEngine e = engine;
        return e == null ? 0 : e.waiting();
    }

    /** What stopped the engine, when something did. */
    public Throwable failure() {
        return failure;
    }

    private Properties consumerProps() {
        // read_committed: the detection job writes transactionally; never alert on a record of an aborted one.
        Properties p = KafkaClients.groupConsumer(kafka.clientProps(), config.consumerGroup());
        // Range assignment gives partition N of both topics to the same instance. Both are keyed by account, so
        // a transaction's record on each topic meets in one instance, which mails it once.
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        return p;
    }

    private Properties producerProps() {
        return KafkaClients.reliableProducer(kafka.clientProps());
    }

    @Override
    public List<String> endpoints() {
        return List.of("alerts from " + config.blockedTopic() + " + " + config.alertsTopic() + " via "
            + sender.describe());
    }

    @Override
    public void close() {
        AlertEngine e = engine;
        Thread t = thread;
        if (e != null) {
            e.stop();
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close();
            producer = null;
        }
        engine = null;
        thread = null;
    }
}
