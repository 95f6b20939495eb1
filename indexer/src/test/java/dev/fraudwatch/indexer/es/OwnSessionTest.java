package dev.fraudwatch.indexer.es;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class OwnSessionTest {

    @TempDir
    Path dir;

    @Test
    void findsTheFirstExecutableSetsidOnThePath() throws Exception {
        Path notExecutable = Files.createDirectories(dir.resolve("a"));
        Files.writeString(notExecutable.resolve("setsid"), "");
        Path bin = Files.createDirectories(dir.resolve("b"));
        Files.writeString(bin.resolve("setsid"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(bin.resolve("setsid"), PosixFilePermissions.fromString("rwxr-xr-x"));
        String path = String.join(File.pathSeparator, dir.resolve("none").toString(), notExecutable.toString(), "",
            bin.toString());
        assertThat(OwnSession.find(path)).contains(bin.resolve("setsid"));
    }

    @Test
    void withoutSetsidTheNodeStartsAsBefore() {
        assertThat(OwnSession.find(dir.toString())).isEmpty();
        assertThat(OwnSession.find(null)).isEmpty();
        assertThat(OwnSession.find("")).isEmpty();
    }
}
