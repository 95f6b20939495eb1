package dev.fraudwatch.rules.rule;

import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.AccountHistory;
import dev.fraudwatch.rules.RuleConfig;

import java.util.List;
import java.util.Map;

/** A country the account has not transacted from in its trusted history (silent with no history). */
public final class NewCountryRule implements Rule {
    public static final String ID = "new_country";

    public static boolean isNew(String country, String[] seenCountries) {
        return country != null && seenCountries.length > 0 && !AccountHistory.contains(seenCountries, country);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public RuleConfig defaults() {
        return RuleConfig.of(true, 25, Map.of());
    }

    @Override
    public Map<String, Object> evaluate(Transaction t, long eventTime, AccountHistory history, RuleConfig config) {
        if (!isNew(t.country(), history.countries)) {
            return null;
        }
        return Evidence.of("country", t.country()).and("seen_countries", List.of(history.countries)).map();
    }
}
