package dev.fraudwatch.rules.rule;

import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.AccountHistory;
import dev.fraudwatch.rules.RuleConfig;

import java.util.List;
import java.util.Map;

/** A login device that is neither in the account's profile ({@code Login Devices}) nor used by it before. */
public final class NewDeviceRule implements Rule {
    public static final String ID = "new_device";

    public static boolean isNew(String device, List<String> profileDevices, String[] seenDevices) {
        if (device == null) {
            return false;
        }
        return (profileDevices == null || !profileDevices.contains(device))
            && !AccountHistory.contains(seenDevices, device);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public RuleConfig defaults() {
        return RuleConfig.of(true, 20, Map.of());
    }

    @Override
    public Map<String, Object> evaluate(Transaction t, long eventTime, AccountHistory history, RuleConfig config) {
        if (!isNew(t.currentLoginDevice(), t.loginDevices(), history.devices)) {
            return null;
        }
        return Evidence.of("device", t.currentLoginDevice()).and("profile_devices", t.loginDevices())
            .and("seen_devices", List.of(history.devices)).map();
    }
}
