package dev.fraudwatch.launcher;

import dev.fraudwatch.core.config.ConfigException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS file lock on the data directory, held while {@code up} runs, so a second {@code up} on the same
 * data is refused instead of corrupting the embedded broker's log. The OS releases it if the process dies.
 */
public final class DataDirLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static DataDirLock acquire(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve("fraudwatch.lock");
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException sameJvm) {
                l = null;
            }
            if (l == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
                ch.close();
                throw new ConfigException("Another 'fraudwatch up' (pid " + (holder.isEmpty() ? "unknown" : holder)
                    + ") is already running on data directory " + dataDir.toAbsolutePath()
                    + "; stop it first or choose another directory with --data-dir (setting data.dir).");
            }
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap(String.valueOf(ProcessHandle.current().pid())
                .getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
            return new DataDirLock(ch, l);
        } catch (IOException e) {
            throw new ConfigException("Cannot use data directory " + dataDir.toAbsolutePath() + " (setting data.dir): "
                + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS releases the lock with the process anyway
        }
    }
}
