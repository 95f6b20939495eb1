package dev.fraudwatch.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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
}
