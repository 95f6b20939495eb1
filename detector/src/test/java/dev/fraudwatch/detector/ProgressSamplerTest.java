package dev.fraudwatch.detector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProgressSamplerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theSteadyRateLeavesOutTheSlowStartAndTheTail() {
        // 10 s of start-up at 100 records/s, then 1,000/s, then a slow tail; 500 records of an earlier run as base.
        long[] nanos = new long[40];
        long[] records = new long[40];
        long count = 500;
        for (int i = 0; i < 40; i++) {
            nanos[i] = i * SECOND;
            records[i] = count;
            count += i < 10 ? 100 : i < 35 ? 1_000 : 10;
        }
        long total = records[39] - 500;
        ProgressSampler.Rate rate = ProgressSampler.steadyRate(total, nanos, records);

        assertThat(rate.perSecond()).isCloseTo(1_000.0, within(0.001));
        assertThat(rate.describe()).contains("from 2").contains("to 9");
    }

    @Test
    void theRateIsScaledFromOutputRecordsToTransactions() {
        long[] nanos = {0, SECOND, 2 * SECOND, 3 * SECOND, 4 * SECOND, 5 * SECOND};
        long[] records = {0, 200, 400, 600, 800, 1_000};
        // half as many output records as transactions: 200 records/s are 400 transactions/s
        assertThat(ProgressSampler.steadyRate(2_000, nanos, records).perSecond()).isCloseTo(400.0, within(0.001));
    }

    @Test
    void aRunTooShortForTwoSamplesInTheWindowHasNoRate() {
        assertThat(ProgressSampler.steadyRate(1_000, new long[] {0, SECOND}, new long[] {0, 1_000}).perSecond())
            .isNaN();
        assertThat(ProgressSampler.steadyRate(0, new long[] {0, SECOND}, new long[] {7, 7}).perSecond()).isNaN();
    }
}
