package dev.fraudwatch.rules.rule;

import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.AccountHistory;
import dev.fraudwatch.rules.RuleConfig;

import java.util.List;
import java.util.Map;

/**
 * An IP address the account has not used in its trusted transactions. The record's {@code IP Address} is the
 * profile's on legitimate traffic, so the account's history is its profile; with no history there is nothing
 * to compare with and the rule stays silent.
 */
public final class NewIpRule implements Rule {
    public static final String ID = "new_ip";

    public static boolean isNew(String ip, String[] seenIps) {
        return ip != null && seenIps.length > 0 && !AccountHistory.contains(seenIps, ip);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public RuleConfig defaults() {
        return RuleConfig.of(true, 15, Map.of());
    }

    @Override
    public Map<String, Object> evaluate(Transaction t, long eventTime, AccountHistory history, RuleConfig config) {
        if (!isNew(t.ipAddress(), history.ips)) {
            return null;
        }
        return Evidence.of("ip", t.ipAddress()).and("seen_ips", List.of(history.ips)).map();
    }
}
