package dev.fraudwatch.simulator;

import dev.fraudwatch.core.model.Transaction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each injected scenario produces the pattern it claims, and legitimate traffic matches none of them. */
class ScenarioPatternTest {

    private static List<SimulatedTransaction> all;
    private static Map<String, CustomerProfile> profiles;

    @BeforeAll
    static void generate() {
        SimulatorConfig c = Samples.config(21).withFraudPercent(20);
        TransactionGenerator g = Samples.generator(c);
        profiles = Samples.byAccount(g);
        all = Samples.generate(g, 100_000);
    }

    private static CustomerProfile profile(SimulatedTransaction st) {
        return profiles.get(st.transaction().accountNumber());
    }

    @Test
    void amountSpikeIsTwelveTimesAUsualAmountAndRaisesTheUpstreamFlag() {
        List<List<SimulatedTransaction>> events = Samples.events(all, Scenarios.AMOUNT_SPIKE);
        assertThat(events).hasSizeGreaterThan(100);
        for (List<SimulatedTransaction> e : events) {
            assertThat(e).hasSize(1);
            Transaction t = e.get(0).transaction();
            double usual = profile(e.get(0)).usualTransactionAmount();
            assertThat(t.currentTransactionAmount()).isBetween(6 * usual - 0.01, 18 * usual + 0.01);
            assertThat(t.fraudFlags()).isEqualTo(AmountSpike.FLAG_PREFIX
                + String.format(java.util.Locale.ROOT, "%.2f", t.currentTransactionAmount()));
            assertThat(t.currentLoginDevice()).isIn(t.loginDevices());
        }
    }

    @Test
    void accountTakeoverHasNewDeviceNewIpAndForeignCountryAtOnce() {
        List<List<SimulatedTransaction>> events = Samples.events(all, Scenarios.ACCOUNT_TAKEOVER);
        assertThat(events).hasSizeGreaterThan(100);
        for (List<SimulatedTransaction> e : events) {
            Transaction t = e.get(0).transaction();
            CustomerProfile p = profile(e.get(0));
            assertThat(t.currentLoginDevice()).isIn(Catalog.LOGIN_DEVICES).isNotIn(p.loginDevices());
            assertThat(t.ipAddress()).isNotEqualTo(p.ipAddress());
            assertThat(t.country()).isNotEqualTo(p.country());
            assertThat(t.fraudFlags()).isEqualTo(Transaction.NO_FRAUD);
            assertThat(t.currentTransactionAmount()).isLessThanOrEqualTo(1.5 * p.usualTransactionAmount() + 0.01);
        }
    }

    @Test
    void velocityBurstIsTwelveTransactionsOfOneAccountWithinHalfAMinute() {
        assertBursts(all);
        // Even at one transaction every 10 s the burst stays inside a minute.
        assertBursts(Samples.generate(Samples.config(21).withFraudPercent(50).withRate(0.1), 5_000));
    }

    private static void assertBursts(List<SimulatedTransaction> txs) {
        List<List<SimulatedTransaction>> events = Samples.events(txs, Scenarios.VELOCITY_BURST);
        assertThat(events).hasSizeGreaterThan(10);
        for (List<SimulatedTransaction> e : events) {
            assertThat(e).hasSize(VelocityBurst.TRANSACTIONS);
            assertThat(Samples.seconds(e.get(0), e.get(e.size() - 1))).isLessThanOrEqualTo(30);
        }
    }

    @Test
    void cardTestingIsTinyProbesThenOneLargeAmountWithinAMinute() {
        assertCardTesting(all);
        assertCardTesting(Samples.generate(Samples.config(21).withFraudPercent(50).withRate(0.05), 5_000));
    }

    private static void assertCardTesting(List<SimulatedTransaction> txs) {
        List<List<SimulatedTransaction>> events = Samples.events(txs, Scenarios.CARD_TESTING);
        assertThat(events).hasSizeGreaterThan(10);
        for (List<SimulatedTransaction> e : events) {
            assertThat(e).hasSizeBetween(3, 4);
            for (SimulatedTransaction probe : e.subList(0, e.size() - 1)) {
                assertThat(probe.transaction().currentTransactionAmount()).isGreaterThan(0).isLessThan(1.00);
            }
            assertThat(e.get(e.size() - 1).transaction().currentTransactionAmount()).isGreaterThan(500);
            assertThat(e.stream().map(s -> s.transaction().currentCardType()).distinct()).hasSize(1);
            assertThat(Samples.seconds(e.get(0), e.get(e.size() - 1))).isLessThan(60);
        }
    }

    @Test
    void upstreamFlagNamesTheOneValueThatDiffersFromTheProfile() {
        List<List<SimulatedTransaction>> events = Samples.events(all, Scenarios.UPSTREAM_FLAG);
        assertThat(events).hasSizeGreaterThan(100);
        Map<String, Integer> kinds = new HashMap<>();
        for (List<SimulatedTransaction> e : events) {
            Transaction t = e.get(0).transaction();
            CustomerProfile p = profile(e.get(0));
            String flag = t.fraudFlags();
            String kind = flag.substring(0, flag.indexOf(": ") + 2);
            String value = flag.substring(kind.length());
            kinds.merge(kind, 1, Integer::sum);
            switch (kind) {
                case UpstreamFlag.COUNTRY -> assertThat(t.country()).isEqualTo(value).isNotEqualTo(p.country());
                case UpstreamFlag.IP -> assertThat(t.ipAddress()).isEqualTo(value).isNotEqualTo(p.ipAddress());
                case UpstreamFlag.DEVICE -> assertThat(t.currentLoginDevice()).isEqualTo(value)
                    .isNotIn(p.loginDevices());
                case UpstreamFlag.TYPE -> assertThat(t.currentTransactionType()).isEqualTo(value)
                    .isNotIn(p.transactionTypes());
                default -> throw new AssertionError("unexpected flag " + flag);
            }
        }
        assertThat(kinds).containsOnlyKeys(UpstreamFlag.COUNTRY, UpstreamFlag.IP, UpstreamFlag.DEVICE, UpstreamFlag.TYPE);
    }

    @Test
    void legitimateTransactionsMatchNoScenarioPattern() {
        List<String> problems = new ArrayList<>();
        Map<String, ArrayDeque<java.time.LocalDateTime>> recent = new HashMap<>();
        int legit = 0;
        int maxPerMinute = 0;
        for (SimulatedTransaction st : all) {
            if (st.fraudulent()) {
                continue;
            }
            legit++;
            Transaction t = st.transaction();
            CustomerProfile p = profile(st);
            double usual = p.usualTransactionAmount();
            if (!p.loginDevices().contains(t.currentLoginDevice()) || !p.cardTypes().contains(t.currentCardType())
                || !p.transactionTypes().contains(t.currentTransactionType()) || !p.ipAddress().equals(t.ipAddress())
                || !p.country().equals(t.country()) || !Transaction.NO_FRAUD.equals(t.fraudFlags())
                || t.currentTransactionAmount() < 0.5 * usual - 0.01 || t.currentTransactionAmount() > 1.5 * usual + 0.01
                || t.currentTransactionAmount() < 1.00) {
                problems.add(t.toString());
            }
            ArrayDeque<java.time.LocalDateTime> window = recent.computeIfAbsent(t.accountNumber(),
                k -> new ArrayDeque<>());
            java.time.LocalDateTime now = t.eventTime();
            window.addLast(now);
            while (Duration.between(window.peekFirst(), now).toSeconds() >= 60) {
                window.pollFirst();
            }
            maxPerMinute = Math.max(maxPerMinute, window.size());
        }
        assertThat(legit).isGreaterThan(75_000);
        assertThat(problems).isEmpty();
        // The generator keeps accounts quiet for 30 s between ordinary transactions: far below a burst.
        assertThat(maxPerMinute).isLessThanOrEqualTo(3);
    }
}
