package dev.fraudwatch.core.cli;

import dev.fraudwatch.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommonOptionsTest {

    @TempDir
    Path dir;

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        CommonOptions common;
    }

    private static CommonOptions parse(String... args) {
        Probe p = new Probe();
        new CommandLine(p).parseArgs(args);
        return p.common;
    }

    @Test
    void aMissingEnvFileNamedOnTheCommandLineStopsWithItsName() {
        Path missing = dir.resolve("secrets.env");
        assertThatThrownBy(() -> parse("--env-file", missing.toString()).settings())
            .isInstanceOf(ConfigException.class).hasMessageContaining(missing.toString())
            .hasMessageContaining("--env-file");
    }

    @Test
    void anEnvFileNamedOnTheCommandLineIsRead() throws IOException {
        Path env = Files.writeString(dir.resolve("secrets.env"), "FW_SIMULATOR_RATE=66\n");
        assertThat(parse("--env-file", env.toString()).settings().get("simulator.rate")).isEqualTo("66");
    }

    @Test
    void withoutEnvFileOptionAnAbsentDotEnvIsFine() {
        assertThat(parse().settings().get("kafka.partitions")).isEqualTo("3");
    }

    @Test
    void warnUnknownKeysReturnsWhatItWarnsAbout() {
        assertThat(parse("--set", "kafka.partitons=6", "--set", "kafka.partitions=6").warnUnknownKeys())
            .extracting(u -> u.key()).containsExactly("kafka.partitons");
        assertThat(parse("--set", "kafka.partitions=6").warnUnknownKeys()).isEmpty();
    }
}
