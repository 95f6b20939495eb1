package dev.fraudwatch.indexer.es;

import dev.fraudwatch.core.config.ConfigException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.stream.Stream;

/**
 * Elasticsearch refuses to run as root. When FraudWatch itself runs as root (containers, CI), the node is started
 * through {@code setpriv} as an unprivileged user ({@code nobody:nogroup} by default) that must own the node's
 * directories and be able to traverse every parent of them. As a normal user none of this applies.
 *
 * @param user  user name to run as when root
 * @param group group name to run as when root
 */
record RunAs(String user, String group) {

    static final String SETTING = "elasticsearch.embedded.run-as";

    static RunAs parse(String userColonGroup) {
        String[] parts = userColonGroup.trim().split(":", 2);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new ConfigException("Setting '" + SETTING + "' must be user:group, got '" + userColonGroup + "'.");
        }
        return new RunAs(parts[0], parts[1]);
    }

    static boolean currentUserIsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** Command prefix that drops root privileges; empty when not root. */
    List<String> commandPrefix() {
        if (!currentUserIsRoot()) {
            return List.of();
        }
        return List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--clear-groups");
    }

    /**
     * Makes {@code dirs} (recursively) owned by the unprivileged user and checks that it can reach {@code home}
     * and every one of {@code dirs}; no-op when not root.
     */
    void prepare(Path home, List<Path> dirs) {
        if (!currentUserIsRoot()) {
            return;
        }
        for (Path p : Stream.concat(Stream.of(home), dirs.stream()).toList()) {
            requireTraversable(p.toAbsolutePath().getParent());
        }
        try {
            UserPrincipalLookupService lookup = home.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal u = lookup.lookupPrincipalByName(user);
            GroupPrincipal g = lookup.lookupPrincipalByGroupName(group);
            for (Path dir : dirs) {
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path p : all.toList()) {
                        PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                        v.setOwner(u);
                        v.setGroup(g);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand the Elasticsearch directories to " + user + ":" + group, e);
        }
    }

    private static void requireTraversable(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new ConfigException("Directory " + p + " is not traversable by the unprivileged user that "
                        + "runs Elasticsearch (it refuses root); put data.dir and 'elasticsearch.embedded.home' in a "
                        + "world-traversable place (e.g. under " + System.getProperty("java.io.tmpdir") + ").");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
