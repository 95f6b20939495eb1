package dev.fraudwatch.detector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProgressSamplerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theSteadyRateLeavesOutTheSlowStartAndTheTail() {
        // 10 s of start-up at 100 records/s, then 1,000/s, then a slow tail; 500 records of an earlier run as base.
        // CPU: 3 cores while starting, 1.5 cores in the steady state.
        long[] nanos = new long[40];
        long[] records = new long[40];
        long[] cpu = new long[40];
        long count = 500;
        long used = 0;
        for (int i = 0; i < 40; i++) {
            nanos[i] = i * SECOND;
            records[i] = count;
            cpu[i] = used;
            count += i < 10 ? 100 : i < 35 ? 1_000 : 10;
            used += i < 10 ? 3 * SECOND : 3 * SECOND / 2;
        }
        long total = records[39] - 500;
        ProgressSampler.Rate rate = ProgressSampler.steadyRate(total, nanos, records, cpu);

        assertThat(rate.perSecond()).isCloseTo(1_000.0, within(0.001));
        assertThat(rate.cores()).isCloseTo(1.5, within(0.001));
        assertThat(rate.cpuMicrosPerTransaction()).isCloseTo(1_500.0, within(0.001));
        assertThat(rate.describe()).contains("from 2").contains("to 9");
    }

    @Test
    void theRateIsScaledFromOutputRecordsToTransactions() {
        long[] nanos = {0, SECOND, 2 * SECOND, 3 * SECOND, 4 * SECOND, 5 * SECOND};
        long[] records = {0, 200, 400, 600, 800, 1_000};
        long[] cpu = {0, SECOND, 2 * SECOND, 3 * SECOND, 4 * SECOND, 5 * SECOND};
        // half as many output records as transactions: 200 records/s are 400 transactions/s, 2,500 us CPU each
        ProgressSampler.Rate rate = ProgressSampler.steadyRate(2_000, nanos, records, cpu);
        assertThat(rate.perSecond()).isCloseTo(400.0, within(0.001));
        assertThat(rate.cpuMicrosPerTransaction()).isCloseTo(2_500.0, within(0.001));
    }

    @Test
    void aRunTooShortForTwoSamplesInTheWindowHasNoRate() {
        assertThat(ProgressSampler.steadyRate(1_000, new long[] {0, SECOND}, new long[] {0, 1_000}, new long[] {0, 1})
            .perSecond())
            .isNaN();
        assertThat(ProgressSampler.steadyRate(0, new long[] {0, SECOND}, new long[] {7, 7}, new long[] {0, 1})
            .perSecond()).isNaN();
    }
}
