package dev.fraudwatch.core.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks done before a service starts, so a busy port is one clear sentence rather than a stack trace. */
public final class Ports {
    private Ports() {
    }

    /**
     * Fails with a {@link PortInUseException} naming the port, the component and the setting that changes it
     * when {@code port} cannot be bound on {@code host}. Port 0 always passes.
     */
    public static void requireFree(String host, int port, String component, String setting) {
        if (port == 0) {
            return;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new PortInUseException(port, component, setting);
        }
    }

    /** A port that is free now on the loopback interface (for embedded services and tests). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on loopback", e);
        }
    }

    /** The port given, or a free one when it is 0. */
    public static int orFree(int port) {
        return port == 0 ? freePort() : port;
    }

    /** A port is already taken by another process. */
    public static final class PortInUseException extends ConfigException {
        public PortInUseException(int port, String component, String setting) {
            super("Port " + port + " needed by " + component + " is already in use; stop what holds it or choose "
                + "another port with setting '" + setting + "' (environment variable " + Settings.envName(setting)
                + ").");
        }
    }
}
