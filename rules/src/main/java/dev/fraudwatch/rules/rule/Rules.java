package dev.fraudwatch.rules.rule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every rule FraudWatch knows, in the order they are evaluated and reported. */
public final class Rules {

    public static final List<Rule> ALL = List.of(new LargeAmountRule(), new AmountSpikeRule(), new VelocityRule(),
        new CardTestingRule(), new MicroAmountRule(), new NewDeviceRule(), new NewIpRule(), new NewCountryRule(),
        new AccountTakeoverRule(), new ImpossibleTravelRule(), new UpstreamFlagRule());

    private static final Map<String, Rule> BY_ID = new LinkedHashMap<>();

    static {
        ALL.forEach(r -> BY_ID.put(r.id(), r));
    }

    private Rules() {
    }

    public static Rule byId(String id) {
        return BY_ID.get(id);
    }

    public static boolean known(String id) {
        return BY_ID.containsKey(id);
    }
}
