package dev.fraudwatch.launcher.bench;

import dev.fraudwatch.launcher.bench.BenchResult.Goal;
import dev.fraudwatch.launcher.bench.LatencyWindow.Percentiles;

import java.io.PrintStream;
import java.util.Locale;

/** The human-readable form of a {@link BenchResult}: the figures, then every goal with met / not met. */
final class BenchTable {

    private BenchTable() {
    }

    static void print(BenchResult r, PrintStream out) {
        Machine m = r.machine();
        out.println();
        out.printf(Locale.ROOT, "FraudWatch bench on %d cores, %.1f GiB (%s), %s; load average %.2f at start, "
            + "%.2f at end%n", m.cores(), m.memoryGiB(), m.cpu(), m.java(), m.loadAverageStart(), m.loadAverageEnd());
        out.println();
        line(out, "ready (start to every service ready)", f("%.1f s", r.startup().readySeconds()));
        var t = r.throughput();
        line(out, "sustained end to end (highest offered rate held)", f("%,.0f tx/s", t.sustainedTxPerSecond())
            + f(" (measured into Elasticsearch: %,.0f tx/s)", t.sustainedEndToEndTxPerSecond()));
        line(out, "burst: peak end to end / detector", f("%,.0f / %,.0f tx/s", t.burstPeakTxPerSecond(),
            t.burstPeakDetectorTxPerSecond()) + f(" (%,d sent at %,.0f tx/s)", t.burstCount(),
            t.burstOfferedTxPerSecond()));
        var d = r.decisionLatency();
        line(out, f("decision latency at %,.0f tx/s", d.fixedRate()), pct(d.atFixedRate()));
        phase(out, d.fixedRatePhase());
        line(out, f("decision latency at %,.0f tx/s (sustained max)", d.sustainedRate()), pct(d.atSustainedRate()));
        phase(out, d.sustainedRatePhase());
        afterBlock(out, r.afterBlock());
        if (r.afterBlockAtSustainedRate() != null) {
            afterBlock(out, r.afterBlockAtSustainedRate());
        }
        var mem = r.memoryMiB();
        line(out, "resident memory peak: FraudWatch JVM / Elasticsearch / total", f("%,.0f / %,.0f / %,.0f MiB",
            mem.jvmPeakMiB(), mem.elasticsearchPeakMiB(), mem.totalPeakMiB()));
        var o = r.originalDesign();
        line(out, f("backlog of %,d: FraudWatch job / original SQL alone", o.backlogTransactions()),
            f("%,.0f / %,.0f tx/s (ratio %.2f)", o.fullJobTxPerSecond(), o.originalSqlTxPerSecond(),
                o.ratioFullToOriginal()));
        line(out, "indexing: FraudWatch indexer / one request per document", f("%,.0f / %,.0f docs/s (%.1fx)",
            o.indexerDocsPerSecond(), o.perDocumentDocsPerSecond(), o.indexerSpeedup()));
        out.println();
        out.println("goals (issue 7):");
        for (Goal g : r.goals()) {
            out.printf(Locale.ROOT, "  %-46s goal %-16s measured %,12.1f %-6s %s%n", g.what(), g.goal(), g.measured(),
                g.unit(), g.met() ? "met" : "NOT met");
        }
        out.flush();
    }

    private static void afterBlock(PrintStream out, BenchResult.AfterBlock b) {
        line(out, f("blocked -> alert e-mail accepted by SMTP, at %,.0f tx/s", b.rate()), pct(b.toMailAccepted())
            + f(" (%d not mailed)", b.notMailed()));
        line(out, f("blocked -> searchable in Elasticsearch, at %,.0f tx/s", b.rate()), pct(b.toSearchable()));
    }

    private static void phase(PrintStream out, BenchResult.PhaseDetails p) {
        if (p != null) {
            line(out, "  (that phase: backlog while loaded at most, job / indexer)", f("%,d / %,d%s",
                p.maxJobBacklog(), p.maxIndexerBacklog(), p.startedDrained() ? "" : "; started NOT drained"));
        }
    }

    private static void line(PrintStream out, String what, String value) {
        out.printf(Locale.ROOT, "  %-58s %s%n", what, value);
    }

    private static String pct(Percentiles p) {
        return f("p50 %,.1f  p99 %,.1f  p99.9 %,.1f  max %,.1f ms (%,d samples)", p.p50Ms(), p.p99Ms(), p.p999Ms(),
            p.maxMs(), p.samples());
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
