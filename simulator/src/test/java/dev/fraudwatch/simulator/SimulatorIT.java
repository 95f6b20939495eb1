package dev.fraudwatch.simulator;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.fraudwatch.core.config.KafkaSettings;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.Headers;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.validation.DecodeResult;
import dev.fraudwatch.core.validation.TransactionDecoder;
import dev.fraudwatch.kafka.KafkaBrokerExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SimulatorIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @Test
    void sendsSeededTransactionsKeyedByAccountWithGroundTruthHeaders() throws Exception {
        KafkaSettings topics = kafka.newTopics();
        SimulatorConfig config = Samples.config(1).withRate(0).withCount(5_000).withFraudPercent(10);
        long before = System.currentTimeMillis();
        SendReport report = new Simulator(config, topics, line -> { }, Samples.profiles(config)).run();
        long after = System.currentTimeMillis();
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.sent()).isEqualTo(5_000);
        assertThat(report.delivered()).isEqualTo(5_000);

        // The same seed regenerates exactly what was sent: the ground truth to compare with.
        ObjectWriter writer = Json.MAPPER.writerFor(Transaction.class);
        Map<String, SimulatedTransaction> expected = new HashMap<>();
        Map<String, byte[]> expectedBytes = new HashMap<>();
        for (SimulatedTransaction st : Samples.generate(config, 5_000)) {
            expected.put(st.transaction().transactionId(), st);
            expectedBytes.put(st.transaction().transactionId(), writer.writeValueAsBytes(st.transaction()));
        }
        assertThat(report.scenarios().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5_000);

        List<ConsumerRecord<byte[], byte[]>> records = kafka.consume(topics.topics().transactions(), 5_000,
            Duration.ofSeconds(30));
        assertThat(records).hasSize(5_000);
        Map<String, Long> scenarios = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            DecodeResult decoded = TransactionDecoder.decode(r.value());
            assertThat(decoded).isInstanceOf(DecodeResult.Valid.class);
            Transaction t = ((DecodeResult.Valid) decoded).transaction();
            SimulatedTransaction truth = expected.get(t.transactionId());
            assertThat(truth).as("sent transaction %s was generated", t.transactionId()).isNotNull();
            assertThat(t).isEqualTo(truth.transaction());
            assertThat(r.value()).isEqualTo(expectedBytes.get(t.transactionId()));
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(t.accountNumber());
            String scenario = header(r, Headers.SCENARIO);
            assertThat(scenario).isEqualTo(truth.scenario());
            assertThat(Long.parseLong(header(r, Headers.PRODUCED_AT))).isBetween(before, after);
            scenarios.merge(scenario, 1L, Long::sum);
        }
        assertThat(scenarios).isEqualTo(report.scenarios());
        assertThat(scenarios).containsKeys(Scenarios.NONE, Scenarios.AMOUNT_SPIKE);
    }

    @Test
    void aPacedRunReportsItsOriginOnceAndSendsOnScheduleFromIt() throws Exception {
        // 200 transactions at 1,000/s on a simulated clock 100x the wall clock: due over 0.2 s from the origin.
        KafkaSettings topics = kafka.newTopics();
        SimulatorConfig config = Samples.config(3).withRate(1_000).withCount(200).withTimeScale(100);
        java.util.List<Long> origins = new java.util.concurrent.CopyOnWriteArrayList<>();
        long before = System.currentTimeMillis() * 1000;
        SendReport report = new Simulator(config, topics, line -> { }, Samples.profiles(config))
            .onStart(origins::add).run();
        long after = System.currentTimeMillis() * 1000;
        assertThat(report.ok()).isTrue();
        assertThat(origins).singleElement().satisfies(o -> assertThat(o).isBetween(before, after - 190_000));
    }

    @Test
    void serviceSendsUntilClosedAndReports() {
        KafkaSettings topics = kafka.newTopics();
        SimulatorConfig config = Samples.config(5).withCustomers(20).withRate(500);
        SimulatorService service = new SimulatorService(config, topics);
        service.start();
        assertThat(service.endpoints()).singleElement().asString().contains(topics.topics().transactions());
        await().atMost(Duration.ofSeconds(30)).until(() -> service.delivered() >= 50);
        service.close();
        assertThat(service.running()).isFalse();
        SendReport report = service.report().orElseThrow();
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.sent()).isGreaterThanOrEqualTo(50);
        assertThat(kafka.consume(topics.topics().transactions(), (int) report.sent(), Duration.ofSeconds(10)))
            .hasSize((int) report.sent());
    }

    @Test
    void serviceRefusesToStartWhenTheTopicIsMissing() {
        KafkaSettings missing = new KafkaSettings(kafka.bootstrapServers(), Map.of("max.block.ms", "2000"),
            dev.fraudwatch.core.model.Topics.defaults().withSuffix("never_" + KafkaBrokerExtension.uniqueSuffix()),
            3, (short) 1);
        SimulatorService service = new SimulatorService(Samples.config(5).withCustomers(5), missing);
        org.assertj.core.api.Assertions.assertThatThrownBy(service::start)
            .hasMessageContaining(missing.topics().transactions()).hasMessageContaining("kafka.bootstrap.servers");
        service.close();
    }

    @Test
    void simulateCommandCreatesTopicsAndSendsTheRequestedCount() {
        String suffix = KafkaBrokerExtension.uniqueSuffix();
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new SimulateCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        int code = cli.execute("--bootstrap-servers", kafka.bootstrapServers(), "--set", "kafka.topic.suffix=" + suffix,
            "--count", "300", "--rate", "0", "--seed", "4", "--customers", "30", "--fraud-percent", "10",
            "--start-time", "2025-03-01 12:00:00", "--simulated-clock");
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("sent 300, delivered 300, failed 0").contains("seed 4");
        List<ConsumerRecord<byte[], byte[]>> records = kafka.consume("bank_transactions_" + suffix, 300,
            Duration.ofSeconds(20));
        assertThat(records).hasSize(300);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
