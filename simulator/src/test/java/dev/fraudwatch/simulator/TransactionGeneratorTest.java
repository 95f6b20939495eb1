package dev.fraudwatch.simulator;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.Transaction;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionGeneratorTest {

    private static final ObjectWriter WRITER = Json.MAPPER.writerFor(Transaction.class);

    @Test
    void sameSeedStartTimeAndSimulatedClockGiveIdenticalBytes() throws Exception {
        TransactionGenerator a = Samples.generator(Samples.config(1));
        TransactionGenerator b = Samples.generator(Samples.config(1));
        for (int i = 0; i < 10_000; i++) {
            SimulatedTransaction x = a.next();
            SimulatedTransaction y = b.next();
            assertThat(WRITER.writeValueAsBytes(x.transaction())).as("record %d", i)
                .isEqualTo(WRITER.writeValueAsBytes(y.transaction()));
            assertThat(x.scenario()).isEqualTo(y.scenario());
        }
    }

    @Test
    void differentSeedGivesDifferentCustomersAndSequence() {
        List<SimulatedTransaction> a = Samples.generate(Samples.generator(Samples.config(1)), 100);
        List<SimulatedTransaction> b = Samples.generate(Samples.generator(Samples.config(2)), 100);
        long same = 0;
        for (int i = 0; i < 100; i++) {
            if (a.get(i).transaction().equals(b.get(i).transaction())) {
                same++;
            }
        }
        assertThat(same).isZero();
        assertThat(a.get(0).transaction().transactionId()).isNotEqualTo(b.get(0).transaction().transactionId());
    }

    @Test
    void everyRecordHasContractFormatsUniqueIdsAndAKnownScenario() {
        TransactionGenerator g = Samples.generator(Samples.config(1));
        Map<String, CustomerProfile> profiles = Samples.byAccount(g);
        Set<String> ids = new HashSet<>();
        List<String> problems = new java.util.ArrayList<>();
        java.util.regex.Pattern id = java.util.regex.Pattern.compile("TRN\\d{11}");
        java.util.regex.Pattern time = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}");
        for (SimulatedTransaction st : Samples.generate(g, 100_000)) {
            Transaction t = st.transaction();
            CustomerProfile p = profiles.get(t.accountNumber());
            if (!id.matcher(t.transactionId()).matches() || !ids.add(t.transactionId())) {
                problems.add("bad or repeated id " + t.transactionId());
            }
            if (!time.matcher(t.transactionTime()).matches()) {
                problems.add("bad time " + t.transactionTime());
            }
            if (!Scenarios.NAMES.contains(st.scenario())) {
                problems.add("unknown scenario " + st.scenario());
            }
            if (p == null || !p.name().equals(t.name()) || !p.email().equals(t.email())
                || !p.loginDevices().equals(t.loginDevices()) || !p.cardTypes().equals(t.cardTypes())
                || !p.transactionTypes().equals(t.transactionTypes()) || !p.cardNumber().equals(t.cardNumber())
                || p.usualTransactionAmount() != t.usualTransactionAmount()
                || !p.cardTypes().contains(t.currentCardType())) {
                problems.add("profile fields differ from the customer's: " + t);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(ids).hasSize(100_000);
    }

    @Test
    void simulatedClockAdvancesByOneOverRateFromTheStartTime() {
        TransactionGenerator g = Samples.generator(Samples.config(1).withRate(4).withFraudPercent(0));
        List<SimulatedTransaction> txs = Samples.generate(g, 9);
        assertThat(txs.get(0).transaction().transactionTime()).isEqualTo("2025-03-01 12:00:00.000000");
        assertThat(txs.get(1).transaction().transactionTime()).isEqualTo("2025-03-01 12:00:00.250000");
        assertThat(txs.get(8).transaction().transactionTime()).isEqualTo("2025-03-01 12:00:02.000000");
        assertThat(g.nextOffsetNanos()).isEqualTo(Duration.ofMillis(2250).toNanos());
    }

    @Test
    void aTimeScaleSpreadsEventTimeWithoutChangingThePacing() {
        // 4 tx/s sent, event time 100x faster: 25 s of event time apart, due every 250 ms of wall time.
        TransactionGenerator g = Samples.generator(Samples.config(1).withRate(4).withFraudPercent(0)
            .withTimeScale(100));
        List<SimulatedTransaction> txs = Samples.generate(g, 9);
        assertThat(txs.get(0).transaction().transactionTime()).isEqualTo("2025-03-01 12:00:00.000000");
        assertThat(txs.get(1).transaction().transactionTime()).isEqualTo("2025-03-01 12:00:25.000000");
        assertThat(txs.get(8).transaction().transactionTime()).isEqualTo("2025-03-01 12:03:20.000000");
        assertThat(g.nextOffsetNanos()).isEqualTo(Duration.ofMillis(2250).toNanos());
    }

    @Test
    void onTheWallClockTheTimeScaleChangesNothing() {
        SimulatorConfig wall = SimulatorConfig.defaults().withSeed(5).withCustomers(10).withRate(4);
        TransactionGenerator plain = new TransactionGenerator(wall, Samples.profiles(wall), Clock.systemUTC());
        TransactionGenerator scaled = new TransactionGenerator(wall.withTimeScale(100), Samples.profiles(wall),
            Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            plain.next();
            scaled.next();
        }
        assertThat(scaled.nextOffsetNanos()).isEqualTo(plain.nextOffsetNanos())
            .isEqualTo(Duration.ofMillis(1250).toNanos());
    }

    @Test
    void rateZeroOnASimulatedClockStepsByTheDefaultRate() {
        TransactionGenerator g = Samples.generator(Samples.config(1).withRate(0).withFraudPercent(0));
        List<SimulatedTransaction> txs = Samples.generate(g, 11);
        assertThat(txs.get(10).transaction().transactionTime()).isEqualTo("2025-03-01 12:00:01.000000");
    }

    @Test
    void wallClockModeStampsTheClocksLocalTime() {
        Instant now = Instant.parse("2025-06-01T10:15:30.123456Z");
        Clock clock = Clock.fixed(now, ZoneId.of("Europe/Paris"));
        SimulatorConfig wall = SimulatorConfig.defaults().withSeed(5).withCustomers(10);
        TransactionGenerator g = new TransactionGenerator(wall, Samples.profiles(wall), clock);
        assertThat(g.next().transaction().transactionTime()).isEqualTo("2025-06-01 12:15:30.123456");

        SimulatorConfig shifted = new SimulatorConfig(10, 5, 10, 0, Duration.ZERO, 5,
            java.util.Optional.of(LocalDateTime.of(2024, 1, 2, 3, 4, 5)), false, Duration.ZERO);
        assertThat(new TransactionGenerator(shifted, Samples.profiles(shifted), clock).next().transaction().transactionTime())
            .isEqualTo("2024-01-02 03:04:05.000000");
    }

    @Test
    void fraudShareFollowsFraudPercent() {
        for (double percent : new double[]{0, 5, 20}) {
            List<SimulatedTransaction> txs = Samples.generate(
                Samples.config(1).withFraudPercent(percent), 100_000);
            double share = 100.0 * txs.stream().filter(SimulatedTransaction::fraudulent).count() / txs.size();
            assertThat(share).as("fraud share at %s%%", percent).isCloseTo(percent,
                org.assertj.core.data.Offset.offset(percent == 0 ? 0.0 : 0.75));
        }
    }

    @Test
    void everyScenarioOccursInAFraudMix() {
        List<SimulatedTransaction> txs = Samples.generate(
            Samples.config(1).withFraudPercent(20), 50_000);
        assertThat(txs.stream().map(SimulatedTransaction::scenario).distinct())
            .containsExactlyInAnyOrderElementsOf(Scenarios.NAMES);
    }
}
