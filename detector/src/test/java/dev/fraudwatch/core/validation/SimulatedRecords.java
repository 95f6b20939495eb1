package dev.fraudwatch.core.validation;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.simulator.SimulatorConfig;
import dev.fraudwatch.simulator.TransactionGenerator;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bank_transactions} records as the simulator sends them ({@code Json.MAPPER}'s bytes of each generated
 * transaction; {@code TransactionEncoderTest} holds the simulator to exactly these bytes), deterministic per seed.
 *
 * <p>These decoder tests live in the detector module, in the decoder's package, because they need the simulator
 * (which depends on core, so core's own tests cannot use it) and the decoder's package-private paths.
 */
final class SimulatedRecords {

    private SimulatedRecords() {
    }

    static List<byte[]> generate(long seed, int customers, double fraudPercent, int count) {
        SimulatorConfig config = SimulatorConfig.defaults().withSeed(seed).withCustomers(customers)
            .withFraudPercent(fraudPercent).withRate(0).withSimulatedClock(LocalDateTime.of(2025, 3, 1, 12, 0));
        TransactionGenerator generator = new TransactionGenerator(config, Clock.systemUTC());
        List<byte[]> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(Json.toBytes(generator.next().transaction()));
        }
        return records;
    }
}
