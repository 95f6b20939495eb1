package dev.fraudwatch.cluster;

import dev.fraudwatch.core.config.ConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Classpaths of the cluster's child processes, resolved by Maven when this module was built (the
 * {@code *.classpath} resources next to this class): Flink's JobManager/TaskManager jars, and Kafka's broker jars.
 * Resolving at build time keeps versions in the parent POM and needs no download or distribution at run time.
 */
public final class ChildClasspath {

    private ChildClasspath() {
    }

    /** flink-runtime, -runtime-web, -clients, -streaming-java, the table jars, flink-json, their deps, log4j. */
    public static String flink() {
        return join("flink-provided.classpath", "flink-support.classpath");
    }

    /** kafka_2.13, kafka-server, their dependencies, log4j. */
    public static String kafka() {
        return join("kafka.classpath");
    }

    private static String join(String... resources) {
        Set<String> entries = new LinkedHashSet<>();
        for (String r : resources) {
            entries.addAll(read(r));
        }
        List<String> missing = new ArrayList<>();
        for (String e : entries) {
            if (!Files.exists(Path.of(e))) {
                missing.add(e);
            }
        }
        if (!missing.isEmpty()) {
            // The recorded paths point into the local Maven repository of the build; they vanish when it is cleaned.
            throw new ConfigException("The local cluster's classpath names " + missing.size() + " jar(s) that no "
                + "longer exist (first: " + missing.get(0) + "); rebuild with: mvn -pl cluster -am package "
                + "-DskipTests");
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static List<String> read(String resource) {
        try (InputStream in = ChildClasspath.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigException("Resource " + resource + " is missing from the cluster module; build it with "
                    + "Maven (mvn -pl cluster -am package -DskipTests), which writes it.");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            List<String> out = new ArrayList<>();
            for (String e : text.split(java.io.File.pathSeparator)) {
                if (!e.isBlank()) {
                    out.add(e.trim());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
