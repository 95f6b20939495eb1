package dev.fraudwatch.launcher.bench;

import dev.fraudwatch.launcher.bench.LatencyWindow.Percentiles;

import java.util.List;
import java.util.Map;

/** Everything one {@code fraudwatch bench} run measured; written as JSON (field names as here) and printed. */
record BenchResult(Machine machine, Map<String, Object> parameters, Startup startup, Throughput throughput,
                   DecisionLatency decisionLatency, AfterBlock afterBlock, AfterBlock afterBlockAtSustainedRate,
                   ResidentMemory.Figures memoryMiB,
                   OriginalDesign.Figures originalDesign, List<Goal> goals) {

    /** {@code readySeconds}: from the start call to every service ready; per service its own start time. */
    record Startup(double readySeconds, Map<String, Double> serviceSeconds) {
    }

    /**
     * One offered rate held for a while. {@code achievedOfferedRate}: what the simulator really sent per second;
     * {@code endToEndRate}: transactions per second that reached Elasticsearch over the step's last two thirds;
     * {@code detectorRate}: records per second the job wrote to {@code customer_risk} (one per transaction) over the
     * same time; {@code lagGrowthPerSecond}: growth of the end-to-end lag (produced, not yet in Elasticsearch)
     * between the middle and the last third (the minimum of each, since offsets move in checkpoint steps);
     * {@code endToEndLagAtEnd}: the lag when the load stopped, less {@code startLag}, the lag the step started with
     * (0 when {@code startedDrained}: the pipeline was empty end to end).
     */
    record Step(double offeredRate, double achievedOfferedRate, double endToEndRate, double detectorRate,
                long endToEndLagAtEnd, double lagGrowthPerSecond, boolean sustained, boolean startedDrained,
                long startLag) {
    }

    /**
     * How a latency phase ran: whether it started from a drained pipeline (and how long draining took), the
     * highest backlog of the detection job (produced, not yet written to {@code customer_risk}) and of the indexer
     * ({@code customer_risk} records not yet acknowledged by Elasticsearch) while loaded, and the cores used per
     * thread group of the FraudWatch JVM and by the Elasticsearch process over the measured part.
     */
    record PhaseDetails(double rate, boolean startedDrained, double drainSeconds, long maxJobBacklog,
                        long maxIndexerBacklog, Map<String, Double> cpuCores) {
    }

    /**
     * {@code sustainedTxPerSecond}: the highest offered rate held without growing lag (0 when none was);
     * burst: {@code burstCount} transactions sent as fast as the simulator can ({@code burstOfferedTxPerSecond}),
     * {@code burstPeakTxPerSecond} the highest end-to-end rate over any 10 s while the system worked them off.
     */
    record Throughput(List<Step> steps, double sustainedTxPerSecond, double sustainedEndToEndTxPerSecond,
                      long burstCount, double burstOfferedTxPerSecond, double burstPeakTxPerSecond,
                      double burstPeakDetectorTxPerSecond) {
    }

    /** Transaction produced -> its fraud_alerts record read by a consumer, at a fixed rate and at the sustained max. */
    record DecisionLatency(double fixedRate, Percentiles atFixedRate, double sustainedRate,
                           Percentiles atSustainedRate, PhaseDetails fixedRatePhase, PhaseDetails sustainedRatePhase) {
    }

    /** Blocked decision read -> alert e-mail accepted by SMTP, and -> document found by a search. */
    record AfterBlock(double rate, long blockedTracked, Percentiles toMailAccepted, long notMailed,
                      Percentiles toSearchable) {
    }

    /** One goal of issue 7 beside what this run measured. */
    record Goal(String what, String goal, double measured, String unit, boolean met) {
        static Goal atLeast(String what, double goal, double measured, String unit) {
            return new Goal(what, ">= " + fmt(goal) + " " + unit, measured, unit, measured >= goal);
        }

        static Goal atMost(String what, double goal, double measured, String unit) {
            return new Goal(what, "<= " + fmt(goal) + " " + unit, measured, unit, !Double.isNaN(measured)
                && measured <= goal);
        }

        private static String fmt(double v) {
            return String.format(java.util.Locale.ROOT, "%,.0f", v);
        }
    }
}
