package dev.fraudwatch.launcher.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BenchPartsTest {

    @Test
    void theEventClockMapsAPhasesTransactionTimesBackToWhenTheyWereDueForSending() {
        EventClock clock = new EventClock();
        // phase 1: event time from 1,000 s, 500x the wall clock, sending started at wall 2,000 s
        clock.add(new EventClock.Segment(1_000_000_000L, 1_600_000_000L, 2_000_000_000L, 500));
        // phase 2 starts where phase 1 could have ended, sending at wall 2,100 s, 100x
        clock.add(new EventClock.Segment(1_600_000_000L, 1_700_000_000L, 2_100_000_000L, 100));
        assertThat(clock.wallMicros(1_000_000_000L)).isEqualTo(2_000_000_000L);
        assertThat(clock.wallMicros(1_000_500_000L)).isEqualTo(2_000_001_000L); // 500 s of event time: 1 s
        assertThat(clock.wallMicros(1_600_000_000L)).isEqualTo(2_100_000_000L);
        assertThat(clock.wallMicros(1_600_100_000L)).isEqualTo(2_100_001_000L);
        // outside every phase (the wall-clock mode): already a wall-clock time
        assertThat(clock.wallMicros(42L)).isEqualTo(42L);
    }

    @Test
    void flinkSubtasksOfOneChainShareAGroup() {
        assertThat(CpuProfile.javaGroup("decide -> late-events (1/2)#0"))
            .isEqualTo(CpuProfile.javaGroup("decide -> late-events (2/2)#3"))
            .isEqualTo("Flink task: decide -> late-events");
    }

    @Test
    void otherThreadsAreGroupedWithTheirDigitsMasked() {
        assertThat(CpuProfile.javaGroup("data-plane-kafka-request-handler-7"))
            .isEqualTo("data-plane-kafka-request-handler-N");
        assertThat(CpuProfile.javaGroup("kafka-producer-network-thread | fraudwatch-simulator"))
            .isEqualTo("kafka-producer-network-thread | fraudwatch-simulator");
    }

    @Test
    void jvmOwnThreadsAreRecognisedByTheirTaskName() {
        assertThat(CpuProfile.nativeGroup("GC Thread#1")).isEqualTo("JVM: garbage collector");
        assertThat(CpuProfile.nativeGroup("G1 Conc#0")).isEqualTo("JVM: garbage collector");
        assertThat(CpuProfile.nativeGroup("C2 CompilerThre")).isEqualTo("JVM: JIT compiler");
        assertThat(CpuProfile.nativeGroup("decide -> late-")).isNull();
    }

    @Test
    void cpuBetweenSnapshotsIsPerGroupAndPerWallSecondLargestFirst() {
        CpuProfile.Snapshot a = new CpuProfile.Snapshot(0, Map.of("java-1", 1_000_000_000L, "java-2", 0L),
            Map.of("java-1", "x", "java-2", "y"));
        Map<String, Long> cpu = new LinkedHashMap<>(Map.of("java-1", 2_000_000_000L, "java-2", 500_000_000L,
            "java-3", 1_500_000_000L));
        CpuProfile.Snapshot b = new CpuProfile.Snapshot(2_000_000_000L, cpu,
            Map.of("java-1", "x", "java-2", "y", "java-3", "y"));
        assertThat(CpuProfile.coresBetween(a, b)).containsExactly(Map.entry("y", 1.0), Map.entry("x", 0.5));
    }

    @Test
    void drainedOnlyWhenTheJobAndTheIndexerCaughtUp() {
        assertThat(new PipelineProgress.Sample(0, 100, 100, 106, 100).drained(12)).isTrue();
        assertThat(new PipelineProgress.Sample(0, 100, 99, 106, 100).drained(12)).as("job behind").isFalse();
        assertThat(new PipelineProgress.Sample(0, 100, 100, 150, 100).drained(12)).as("indexer behind").isFalse();
    }
}
