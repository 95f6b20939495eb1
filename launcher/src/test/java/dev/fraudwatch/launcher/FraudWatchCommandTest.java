package dev.fraudwatch.launcher;

import dev.fraudwatch.core.config.Settings;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class FraudWatchCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = FraudWatch.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[]{"up", "bench", "topics", "config", "simulate", "evaluate", "kibana", "job",
            "cluster"}) {
            Run r = run(command, "--help");
            assertThat(r.code()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: fraudwatch " + command);
        }
    }

    @Test
    void benchHelpDocumentsEveryDefault() {
        Run r = run("bench", "--help");
        // picocli wraps lines anywhere, so compare without whitespace
        assertThat(r.out().replaceAll("\\s+", "")).contains("--rates", "(default:1000,2000,3000,5000,7500,",
            "--latency-rate", "(default:5000)", "--output", "(default:fraudwatch-bench.json)", "(default:300000)");
    }

    @Test
    void externalWithoutKafkaNamesTheMissingSettingInOneLine() {
        Run r = run("up", "--external", "--data-dir", dir.toString());
        assertThat(r.code()).isEqualTo(FraudWatch.CONFIG_ERROR);
        assertThat(r.err().strip()).doesNotContain("\n").contains("'kafka.bootstrap.servers'");
    }

    @Test
    void upStopsAtAnyComponentsInvalidSettingBeforeAnyEngineStarts() {
        // one setting each of the web service, the alert engine and the indexer, all parsed only after the
        // broker and Elasticsearch were up before the pre-flight step
        for (String[] bad : new String[][]{{"web.port=99999", "'web.port'"},
            {"alerts.threshold=high", "'alerts.threshold'"},
            {"indexer.retry.max-backoff-ms=soon", "'indexer.retry.max-backoff-ms'"}}) {
            Path data = dir.resolve(bad[0].substring(0, bad[0].indexOf('=')));
            long t0 = System.nanoTime();
            // free ports, so that a launcher without the pre-flight step starts its engines without a clash
            Run r = run("up", "--exit-after-start", "--data-dir", data.toString(), "--set", bad[0],
                "--set", "kafka.embedded.port=0", "--set", "kafka.embedded.controller.port=0",
                "--set", "elasticsearch.embedded.port=0", "--set", "smtp.embedded.port=0", "--set", "flink.web.port=-1");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(r.code()).as(bad[0]).isEqualTo(FraudWatch.CONFIG_ERROR);
            assertThat(r.err().strip()).as(bad[0]).doesNotContain("\n").contains(bad[1]);
            // the embedded broker and node create these directories when they start
            assertThat(data.resolve("kafka")).as(bad[0]).doesNotExist();
            assertThat(data.resolve("elasticsearch")).as(bad[0]).doesNotExist();
            assertThat(seconds).as(bad[0]).isLessThan(5);
        }
    }

    @Test
    void helpTextsNeedNoFormatFallback() {
        // picocli formats descriptions with String.format: a lone '%' makes it warn on stderr at every --help
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (String command : new String[]{"up", "bench", "topics", "config", "simulate", "evaluate"}) {
                assertThat(run(command, "--help").code()).as(command).isZero();
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    @Test
    void theLogFileGoesUnderTheDataDirectoryOfTheCommand() {
        String before = System.clearProperty(LogDirectory.PROPERTY);
        try {
            assertThat(run("config", "--data-dir", dir.toString()).code()).isZero();
            assertThat(LogDirectory.file()).isEqualTo(dir.resolve("logs").resolve("fraudwatch.log"));

            // a directory given to the JVM (-Dfraudwatch.log.dir, as the fault-injection suite does) wins
            System.setProperty(LogDirectory.PROPERTY, dir.resolve("elsewhere").toString());
            assertThat(run("config", "--data-dir", dir.resolve("other").toString()).code()).isZero();
            assertThat(LogDirectory.file()).isEqualTo(dir.resolve("elsewhere").resolve("fraudwatch.log"));
        } finally {
            if (before == null) {
                System.clearProperty(LogDirectory.PROPERTY);
            } else {
                System.setProperty(LogDirectory.PROPERTY, before);
            }
        }
    }

    @Test
    void configPrintsEffectiveSettingsWithSecretsMasked() {
        Run r = run("config", "--set", "smtp.password=hunter2", "--set", "kafka.partitions=6");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("kafka.partitions=6").contains("smtp.password=********")
            .doesNotContain("hunter2");
    }

    @Test
    void configListsAnUnknownSetKeyWithTheNearestKnownKey() {
        Run r = run("config", "--data-dir", dir.toString(), "--set", "kafka.partitons=6",
            "--set", "detector.checkpoint.intervall.ms=500");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("# Unknown setting 'kafka.partitons' (--set)", "did you mean kafka.partitions?",
            "# Unknown setting 'detector.checkpoint.intervall.ms' (--set)",
            "did you mean detector.checkpoint.interval.ms?");
    }

    @Test
    void everyCommandThatReadsSettingsWarnsAboutAnUnknownKeyBeforeItRuns() {
        String before = System.setProperty(LogDirectory.PROPERTY, dir.resolve("logs").toString());
        List<String> warnings = new CopyOnWriteArrayList<>();
        LoggerConfig logger = ((LoggerContext) LogManager.getContext(false)).getConfiguration()
            .getLoggerConfig(Settings.class.getName());
        AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLoggerName().equals(Settings.class.getName())) {
                    warnings.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
                }
            }
        };
        capture.start();
        logger.addAppender(capture, null, null);
        try {
            // config runs to the end; up stops at --external's check, after the warning
            run("config", "--data-dir", dir.toString(), "--set", "kafka.partitons=6");
            run("up", "--external", "--data-dir", dir.toString(), "--set", "web.prot=1");
            run("up", "--help", "--set", "web.prot=1");
        } finally {
            logger.removeAppender("capture");
            if (before == null) {
                System.clearProperty(LogDirectory.PROPERTY);
            } else {
                System.setProperty(LogDirectory.PROPERTY, before);
            }
        }
        assertThat(warnings).containsExactly(
            "WARN Unknown setting 'kafka.partitons' (--set) is ignored: no FraudWatch component reads it; did you mean "
                + "kafka.partitions?",
            "WARN Unknown setting 'web.prot' (--set) is ignored: no FraudWatch component reads it; did you mean "
                + "web.port?");
    }

    @Test
    void theKeysTheReposOwnTestsAndScriptsSetAreAllKnown() {
        // --set keys of FraudWatchUpIT, BenchCommandIT, FaultInjectionIT, SimulatorIT, Components.testFlags() and the
        // READMEs' examples; a key added there that no component reads shows up here
        List<String> args = new java.util.ArrayList<>(List.of("config", "--data-dir", dir.toString()));
        for (String kv : List.of("kafka.embedded.port=1", "kafka.embedded.controller.port=0",
            "elasticsearch.embedded.port=2", "web.port=3", "smtp.embedded.port=4",
            "elasticsearch.embedded.start-timeout-seconds=400", "smtp.server=127.0.0.1", "smtp.port=5",
            "smtp.tls=NONE", "smtp.from=fraudwatch@localhost", "smtp.to=analyst@localhost", "web.blocked.keep=50",
            "flink.web.port=-1", "alerts.retry.max-backoff=4s", "alerts.group-window=2s",
            "indexer.retry.max-backoff-ms=2000", "kafka.topic.suffix=t", "detector.checkpoint.dir=/shared/cp",
            "flink.config.execution.checkpointing.unaligned.enabled=true", "flink.savepoint=file:/sp",
            "flink.config.taskmanager.memory.network.min=32m", "elasticsearch.embedded.heap=640m",
            "elasticsearch.index.blocked_customers.refresh-interval=250ms")) {
            args.add("--set");
            args.add(kv);
        }
        args.addAll(Components.testFlags());
        Run r = run(args.toArray(String[]::new));
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("web.blocked.keep=50").doesNotContain("Unknown setting");
    }
}
