package dev.fraudwatch.launcher.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BenchPartsTest {

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
