package dev.fraudwatch.rules.rule;

import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.AccountHistory;
import dev.fraudwatch.rules.RuleConfig;

import java.util.Map;

/**
 * New device, new IP address and new country all at once: someone else is using the account. Its weight adds to
 * the three single rules' weights, so the combination scores higher than its parts.
 */
public final class AccountTakeoverRule implements Rule {
    public static final String ID = "account_takeover";

    public static boolean fires(boolean newDevice, boolean newIp, boolean newCountry) {
        return newDevice && newIp && newCountry;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public RuleConfig defaults() {
        return RuleConfig.of(true, 40, Map.of());
    }

    @Override
    public Map<String, Object> evaluate(Transaction t, long eventTime, AccountHistory history, RuleConfig config) {
        boolean device = NewDeviceRule.isNew(t.currentLoginDevice(), t.loginDevices(), history.devices);
        boolean ip = NewIpRule.isNew(t.ipAddress(), history.ips);
        boolean country = NewCountryRule.isNew(t.country(), history.countries);
        if (!fires(device, ip, country)) {
            return null;
        }
        return Evidence.of("device", t.currentLoginDevice()).and("ip", t.ipAddress()).and("country", t.country())
            .map();
    }
}
