package dev.fraudwatch.core.config;

/** A setting is missing or invalid. The message is one sentence that names the setting and how to set it. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
