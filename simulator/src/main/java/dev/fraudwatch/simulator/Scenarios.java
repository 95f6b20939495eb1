package dev.fraudwatch.simulator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The ground-truth names carried in the {@code fw-scenario} header and the mix of fraud events. Weights are per
 * event; a velocity burst has 12 transactions, so it is rare as an event but about a third of fraudulent
 * transactions.
 */
public final class Scenarios {

    /** A legitimate transaction. */
    public static final String NONE = "none";
    public static final String AMOUNT_SPIKE = "amount_spike";
    public static final String ACCOUNT_TAKEOVER = "account_takeover";
    public static final String VELOCITY_BURST = "velocity_burst";
    public static final String CARD_TESTING = "card_testing";
    public static final String UPSTREAM_FLAG = "upstream_flag";

    /** Every fraud scenario with its share of fraud events (sums to 1). */
    public static final List<Weighted> MIX = List.of(
        new Weighted(new AmountSpike(), 0.30),
        new Weighted(new UpstreamFlag(), 0.30),
        new Weighted(new AccountTakeover(), 0.25),
        new Weighted(new CardTesting(), 0.10),
        new Weighted(new VelocityBurst(), 0.05));

    /** Every name, legitimate first. */
    public static final List<String> NAMES = List.of(NONE, AMOUNT_SPIKE, ACCOUNT_TAKEOVER, VELOCITY_BURST,
        CARD_TESTING, UPSTREAM_FLAG);

    private static final Map<String, byte[]> HEADER_VALUES = NAMES.stream()
        .collect(Collectors.toUnmodifiableMap(Function.identity(), n -> n.getBytes(StandardCharsets.UTF_8)));

    private static final double[] CUMULATIVE = cumulative();

    public record Weighted(Scenario scenario, double weight) {
    }

    private Scenarios() {
    }

    /** Draws the scenario of one fraud event according to {@link #MIX}. */
    public static Scenario draw(SplittableRandom r) {
        double u = r.nextDouble();
        for (int i = 0; i < CUMULATIVE.length - 1; i++) {
            if (u < CUMULATIVE[i]) {
                return MIX.get(i).scenario();
            }
        }
        return MIX.get(MIX.size() - 1).scenario();
    }

    /** Mean transactions per fraud event under {@link #MIX}. */
    public static double expectedEventLength() {
        return MIX.stream().mapToDouble(w -> w.weight() * w.scenario().expectedLength()).sum();
    }

    /**
     * The probability that a new event is a fraud event such that fraudulent transactions make up
     * {@code fraudShare} (0..1) of all transactions: solves {@code qL / (qL + 1 - q) = share} for q.
     */
    public static double eventProbability(double fraudShare) {
        double len = expectedEventLength();
        return fraudShare / (len * (1 - fraudShare) + fraudShare);
    }

    /** The {@code fw-scenario} header value for a scenario name; shared arrays, never modify them. */
    static byte[] headerValue(String name) {
        byte[] v = HEADER_VALUES.get(name);
        return v != null ? v : name.getBytes(StandardCharsets.UTF_8);
    }

    private static double[] cumulative() {
        double[] c = new double[MIX.size()];
        double sum = 0;
        for (int i = 0; i < c.length; i++) {
            sum += MIX.get(i).weight();
            c[i] = sum;
        }
        return c;
    }
}
