package dev.fraudwatch.simulator;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Shared fixtures: seeded, simulated-clock configurations and the sequences they generate. */
final class Samples {

    static final LocalDateTime START = LocalDateTime.of(2025, 3, 1, 12, 0);

    private Samples() {
    }

    /** Defaults (1000 customers, 5 %, 10 tx/s) with a fixed seed on a simulated clock from {@link #START}. */
    static SimulatorConfig config(long seed) {
        return SimulatorConfig.defaults().withSeed(seed).withSimulatedClock(START);
    }

    private static final Map<String, List<CustomerProfile>> PROFILES = new java.util.concurrent.ConcurrentHashMap<>();

    /** Datafaker takes about a second per 1000 customers: tests share the profiles of equal (count, seed). */
    static List<CustomerProfile> profiles(SimulatorConfig c) {
        return PROFILES.computeIfAbsent(c.customers() + "/" + c.seed(),
            k -> CustomerProfiles.generate(c.customers(), c.seed()));
    }

    /** A generator on cached profiles; the wall clock only matters when the config has no simulated clock. */
    static TransactionGenerator generator(SimulatorConfig c) {
        return new TransactionGenerator(c, profiles(c), java.time.Clock.systemDefaultZone());
    }

    static List<SimulatedTransaction> generate(SimulatorConfig c, int n) {
        return generate(generator(c), n);
    }

    static List<SimulatedTransaction> generate(TransactionGenerator g, int n) {
        List<SimulatedTransaction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(g.next());
        }
        return out;
    }

    static Map<String, CustomerProfile> byAccount(TransactionGenerator g) {
        return g.customers().stream().collect(Collectors.toMap(CustomerProfile::accountNumber, Function.identity()));
    }

    /**
     * The fraud events of one scenario: maximal runs of consecutive records tagged {@code scenario} for one
     * account (a new run starts when the account changes). A run that reaches the end of {@code all} is left out:
     * the sample may have cut that event short.
     */
    static List<List<SimulatedTransaction>> events(List<SimulatedTransaction> all, String scenario) {
        List<List<SimulatedTransaction>> events = new ArrayList<>();
        List<SimulatedTransaction> current = null;
        for (SimulatedTransaction st : all) {
            if (!st.scenario().equals(scenario)) {
                current = null;
                continue;
            }
            if (current == null || !current.get(0).transaction().accountNumber()
                .equals(st.transaction().accountNumber())) {
                current = new ArrayList<>();
                events.add(current);
            }
            current.add(st);
        }
        if (!all.isEmpty() && !events.isEmpty() && current != null && current == events.get(events.size() - 1)) {
            events.remove(events.size() - 1);
        }
        return events;
    }

    static long seconds(SimulatedTransaction from, SimulatedTransaction to) {
        return java.time.Duration.between(from.transaction().eventTime(), to.transaction().eventTime()).toSeconds();
    }
}
