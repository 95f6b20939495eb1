package dev.fraudwatch.indexer.es;

import dev.fraudwatch.core.config.ConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Finds the Elasticsearch server distribution ({@code org.elasticsearch.distribution.integ-test-zip:elasticsearch}
 * zip, fetched by this module's build into the local Maven repository) and unpacks it once into a stable,
 * world-readable directory that several nodes (and JVMs) can share read-only; each node keeps its own config,
 * data and logs elsewhere.
 */
public final class ElasticsearchDistribution {

    /** Setting naming the zip (or an already unpacked distribution directory). Empty: the local Maven repository. */
    public static final String DISTRIBUTION = "elasticsearch.embedded.distribution";
    /** Test/build override of the zip location (the module's build copies the zip to target/elasticsearch). */
    static final String DISTRIBUTION_PROPERTY = "fraudwatch.es.distribution";
    private static final String MARKER = ".fraudwatch-unpacked";

    private ElasticsearchDistribution() {
    }

    /** The server version this build was made for (from the parent pom's {@code elasticsearch.version}). */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = ElasticsearchDistribution.class.getResourceAsStream("distribution.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("distribution.properties missing from the indexer jar", e);
        }
        return p.getProperty("elasticsearch.version");
    }

    /** The configured zip or directory, else the build's copy, else the local Maven repository's copy. */
    public static Path locate(String configured) {
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured.trim());
            if (!Files.exists(p)) {
                throw new ConfigException("Elasticsearch distribution " + p + " (setting '" + DISTRIBUTION
                    + "') does not exist.");
            }
            return p;
        }
        String prop = System.getProperty(DISTRIBUTION_PROPERTY);
        if (prop != null && Files.isRegularFile(Path.of(prop))) {
            return Path.of(prop);
        }
        String v = version();
        Path repo = Path.of(System.getProperty("maven.repo.local",
            Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        Path zip = repo.resolve("org/elasticsearch/distribution/integ-test-zip/elasticsearch").resolve(v)
            .resolve("elasticsearch-" + v + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new ConfigException("Elasticsearch " + v + " distribution not found at " + zip + "; build the "
                + "indexer module once (mvn -pl indexer package downloads it) or set '" + DISTRIBUTION
                + "' to the zip, or use an external cluster with setting 'elasticsearch.url'.");
        }
        return zip;
    }

    /**
     * The home directory of the unpacked distribution under {@code root}, unpacking {@code zip} first if that was not
     * done before. Safe against concurrent callers in this and other JVMs: each unpacks into a private directory and
     * moves it into place atomically; the loser discards its copy.
     */
    public static synchronized Path install(Path zip, Path root) {
        if (Files.isDirectory(zip)) {
            return zip;
        }
        String name = zip.getFileName().toString().replaceFirst("\\.zip$", "");
        Path home = root.resolve(name);
        if (Files.exists(home.resolve(MARKER))) {
            return home;
        }
        Path tmp = root.resolve(".unpack-" + UUID.randomUUID());
        try {
            Files.createDirectories(root);
            unzip(zip, tmp);
            Path unpackedHome = singleChild(tmp);
            try (Stream<Path> bin = Files.list(unpackedHome.resolve("bin"))) {
                bin.forEach(f -> setPerms(f, "rwxr-xr-x"));
            }
            Files.createFile(unpackedHome.resolve(MARKER));
            try {
                Files.move(unpackedHome, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.exists(home.resolve(MARKER))) {
                    throw new IOException("cannot move unpacked distribution to " + home, e);
                }
            } catch (IOException e) {
                // another process won the race and its complete copy is in place
                if (!Files.exists(home.resolve(MARKER))) {
                    throw e;
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack Elasticsearch distribution " + zip + " into " + root, e);
        } finally {
            deleteTree(tmp);
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        setPerms(target, "rwxr-xr-x");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    setPerms(out, "rwxr-xr-x");
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    setPerms(out, "rw-r--r--");
                }
            }
        }
    }

    private static Path singleChild(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).findFirst()
                .orElseThrow(() -> new IOException("the distribution zip has no top-level directory"));
        }
    }

    /** World-readable so an unprivileged user can run the node from a root-owned copy. */
    private static void setPerms(Path p, String perms) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to do, the running user owns the files
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
