package dev.fraudwatch.simulator;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.json.TransactionTime;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.model.TransactionBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast paths of the sender produce exactly what the plain, obvious code would. */
class TransactionEncoderTest {

    @Test
    void encodesEveryScenarioToTheSameBytesAsTheSharedMapper() throws Exception {
        SimulatorConfig c = Samples.config(21).withFraudPercent(30);
        TransactionGenerator g = Samples.generator(c);
        TransactionEncoder encoder = new TransactionEncoder(g.customers());
        Set<String> scenarios = new HashSet<>();
        int mismatches = 0;
        for (SimulatedTransaction st : Samples.generate(g, 20_000)) {
            if (!java.util.Arrays.equals(encoder.encode(st.transaction()), Json.toBytes(st.transaction()))) {
                mismatches++;
            }
            assertThat(encoder.key(st.transaction()))
                .isEqualTo(st.transaction().accountNumber().getBytes(StandardCharsets.UTF_8));
            scenarios.add(st.scenario());
        }
        assertThat(scenarios).containsExactlyInAnyOrderElementsOf(Scenarios.NAMES);
        assertThat(mismatches).isZero();
    }

    @Test
    void encodesTextThatNeedsEscapingLikeTheSharedMapper() throws Exception {
        CustomerProfile p = new CustomerProfile("Zoë \"Quote\" O'Brien", "1 Rue \\ Bâtiment", "z@example.com",
            "Saint-Étienne", "Loire", "France", "+33 1", "ACC0000000007", "10.0.0.7",
            List.of("a", "b", "c", "d", "e"), List.of("Visa", "Elo", "Mir"), List.of("p", "q", "r", "s", "t"),
            "4111111111111111", 1234.5);
        Transaction t = TransactionBuilder.transaction().name(p.name()).address(p.address()).email(p.email())
            .city(p.city()).state(p.state()).country(p.country()).phoneNumber(p.phoneNumber())
            .accountNumber(p.accountNumber()).ipAddress(p.ipAddress()).loginDevices(p.loginDevices())
            .cardTypes(p.cardTypes()).transactionTypes(p.transactionTypes()).cardNumber(p.cardNumber())
            .usualAmount(p.usualTransactionAmount()).fraudFlags("Different Login Device: \u00e9\"x\"").build();
        assertThat(new TransactionEncoder(List.of(p)).encode(t)).isEqualTo(Json.toBytes(t));
        Transaction unknown = TransactionBuilder.transaction().accountNumber("ACC9999999999").build();
        assertThat(new TransactionEncoder(List.of(p)).encode(unknown)).isEqualTo(Json.toBytes(unknown));
    }

    @Test
    void cachedTimeFormattingMatchesTransactionTime() {
        TransactionGenerator g = Samples.generator(Samples.config(1));
        SplittableRandom r = new SplittableRandom(3);
        long base = LocalDateTime.of(2025, 3, 1, 23, 59, 58).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        for (int i = 0; i < 20_000; i++) {
            long micros = base + (i < 10_000 ? i * 317L : r.nextLong(-10_000_000_000_000L, 10_000_000_000_000L));
            LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
            assertThat(g.time(micros)).isEqualTo(TransactionTime.formatMicros(t));
        }
    }
}
