package dev.fraudwatch.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fraudwatch.core.config.Ports;
import dev.fraudwatch.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real {@code fraudwatch bench} jar with short phases and small rates, and checks that its JSON holds every
 * figure with a plausible value: the system started, load flowed end to end, decisions were read downstream,
 * blocked transactions reached the mailbox and the index, memory was sampled, and the original's design ran.
 */
class BenchCommandIT {

    @TempDir
    Path dir;

    @Test
    void benchMeasuresEveryFigureOfTheRunningSystem() throws Exception {
        // Elasticsearch runs as an unprivileged user when the tests run as root and must reach its data here.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path json = dir.resolve("bench.json");
        Path out = dir.resolve("bench.out");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1500m", "-jar", Path.of("target", "fraudwatch.jar").toAbsolutePath().toString(), "bench",
            "--data-dir", dir.resolve("data").toString(), "--output", json.toString(),
            "--rates", "100,200", "--step-seconds", "12", "--latency-rate", "400", "--latency-seconds", "12",
            "--warmup-seconds", "2", "--system-warmup-seconds", "5", "--burst", "10000", "--backlog", "10000",
            "--indexer-docs", "30000", "--per-document-docs", "300", "--customers", "2000",
            "--set", "kafka.embedded.port=" + Ports.freePort(), "--set", "kafka.embedded.controller.port=0",
            "--set", "elasticsearch.embedded.port=" + Ports.freePort(), "--set", "web.port=" + Ports.freePort(),
            "--set", "smtp.embedded.port=" + Ports.freePort(),
            "--set", "elasticsearch.embedded.start-timeout-seconds=400"));
        cmd.addAll(Components.testFlags());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
            .directory(dir.toFile()).start();
        try {
            assertThat(p.waitFor(12, TimeUnit.MINUTES)).as("bench finished").isTrue();
        } finally {
            p.destroyForcibly();
        }
        String console = Files.readString(out);
        assertThat(p.exitValue()).as("exit code; output:%n%s", console).isZero();
        assertThat(console).contains("goals (issue 7):", "decision latency at 400 tx/s", "stopped Kafka broker");
        assertThat(console).as("the accounts blocked in a phase are unblocked before the next one")
            .containsPattern("blocked accounts unblocked first");
        // The simulated clock keeps each of the 2,000 accounts ~200 s of event time apart at any rate: the velocity
        // rule reviews few transactions (on the wall clock at 400/s every account would transact every 5 s and
        // most transactions would be reviewed), so every phase's decision mix stays a bank's.
        java.util.regex.Matcher mix = java.util.regex.Pattern.compile(
            "decision mix since the last drain: ([0-9,]+) fraud_alerts records for ([0-9,]+) transactions")
            .matcher(console);
        int phases = 0;
        while (mix.find()) {
            long alerts = Long.parseLong(mix.group(1).replace(",", ""));
            long txs = Long.parseLong(mix.group(2).replace(",", ""));
            assertThat(alerts).as("fraud_alerts per transaction in: %s", mix.group()).isLessThan(txs * 3 / 10);
            phases++;
        }
        assertThat(phases).as("a decision mix printed per phase").isGreaterThanOrEqualTo(4);

        // NaN counts as greater than everything in AssertJ's double comparisons: positive figures are also finite.
        JsonNode r = Json.MAPPER.readTree(json.toFile());
        assertThat(r.at("/machine/cores").asInt()).isPositive();
        assertThat(r.at("/machine/loadAverageEnd").asDouble()).isNotNaN();
        assertThat(r.at("/startup/readySeconds").asDouble()).isBetween(1.0, 600.0);
        assertThat(r.at("/startup/serviceSeconds").size()).as("every service's start time").isGreaterThanOrEqualTo(7);

        JsonNode t = r.path("throughput");
        assertThat(t.path("steps").size()).isPositive();
        assertThat(t.path("sustainedTxPerSecond").asDouble()).as("a small rate is held").isGreaterThanOrEqualTo(100);
        assertThat(t.path("sustainedEndToEndTxPerSecond").asDouble()).isFinite().isPositive();
        assertThat(t.path("burstOfferedTxPerSecond").asDouble()).isFinite().isPositive();
        assertThat(t.path("burstPeakTxPerSecond").asDouble()).isFinite().isPositive();

        for (String at : List.of("/decisionLatency/atFixedRate", "/decisionLatency/atSustainedRate")) {
            JsonNode l = r.at(at);
            assertThat(l.path("samples").asLong()).as(at + " samples").isPositive();
            assertThat(l.path("p50Ms").asDouble()).as(at + " p50").isFinite().isPositive();
            assertThat(l.path("p99Ms").asDouble()).as(at).isGreaterThanOrEqualTo(l.path("p50Ms").asDouble());
            assertThat(l.path("maxMs").asDouble()).as(at).isGreaterThanOrEqualTo(l.path("p999Ms").asDouble())
                .isLessThan(600_000);
        }
        assertThat(r.at("/afterBlock/toSearchable/samples").asLong()).as("blocked documents found")
            .isPositive();
        assertThat(r.at("/afterBlock/toSearchable/p99Ms").asDouble()).isFinite().isPositive();
        assertThat(r.at("/afterBlock/toMailAccepted/samples").asLong()).as("alert mails received")
            .isPositive();
        assertThat(r.at("/afterBlock/toMailAccepted/p50Ms").asDouble()).isFinite().isPositive();

        assertThat(r.at("/memoryMiB/jvmPeakMiB").asDouble()).isBetween(50.0, 16_384.0);
        assertThat(r.at("/memoryMiB/elasticsearchPeakMiB").asDouble()).as("Elasticsearch child").isGreaterThan(50.0);
        assertThat(r.at("/memoryMiB/totalPeakMiB").asDouble()).isGreaterThan(r.at("/memoryMiB/jvmPeakMiB").asDouble());

        JsonNode o = r.path("originalDesign");
        assertThat(o.path("fullJobTxPerSecond").asDouble()).isFinite().isPositive();
        assertThat(o.path("originalSqlTxPerSecond").asDouble()).isFinite().isPositive();
        assertThat(o.path("ratioFullToOriginal").asDouble()).isFinite().isPositive();
        assertThat(o.path("indexerDocsPerSecond").asDouble()).isFinite().isPositive();
        assertThat(o.path("perDocumentDocsPerSecond").asDouble()).isFinite().isPositive();
        assertThat(o.path("indexerSpeedup").asDouble()).isFinite().isPositive();

        assertThat(r.path("goals").size()).isEqualTo(5);
        for (JsonNode g : r.path("goals")) {
            assertThat(g.path("met").asBoolean()).as(g.path("what").asText())
                .isEqualTo(g.path("goal").asText().startsWith(">=")
                    ? g.path("measured").asDouble() >= Double.parseDouble(g.path("goal").asText().replaceAll("[^0-9.]", ""))
                    : g.path("measured").asDouble() <= Double.parseDouble(g.path("goal").asText().replaceAll("[^0-9.]", "")));
        }
    }
}
