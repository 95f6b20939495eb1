package dev.fraudwatch.rules.rule;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds an evidence map in a readable, stable order; amounts are rounded to cents for display. */
final class Evidence {
    private final Map<String, Object> values = new LinkedHashMap<>();

    static Evidence of(String key, Object value) {
        return new Evidence().and(key, value);
    }

    Evidence and(String key, Object value) {
        values.put(key, value instanceof Double d ? Math.round(d * 100) / 100.0 : value);
        return this;
    }

    Map<String, Object> map() {
        return values;
    }
}
