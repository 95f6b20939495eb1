package dev.fraudwatch.detector;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.Decision;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;

/**
 * Makes late transactions visible. A transaction whose 1-minute window has already closed (the watermark, which
 * trails the newest event time by the allowed out-of-orderness, has passed the window's end) would be dropped
 * without a trace by the dashboard's event-time windows. It is still decided (detection and {@code customer_risk} do not depend on
 * the watermark), but it is counted (metric {@code lateTransactions}) and a copy goes to the dead-letter topic
 * with reason {@value DeadLetter#LATE}, so an operator sees what the dashboard left out.
 *
 * <p>Runs chained right after the decision operator, on decisions: a repeated transaction (dead-lettered as a
 * duplicate there) never gets here, so it is not reported twice. Its watermark (the minimum over the decision
 * operator's inputs) is never behind the one the windows downstream see (the minimum over all decision
 * instances); so every transaction a window drops as late is reported here (a few reported ones may still make
 * it into a window when another instance held the downstream watermark back).
 */
final class LateEvents extends ProcessFunction<Decision, Decision> {

    private final String deadLetterTopic;
    private final String originTopic;
    private final long windowMillis;
    private transient Counter late;

    LateEvents(String deadLetterTopic, String originTopic, long windowMillis) {
        this.deadLetterTopic = deadLetterTopic;
        this.originTopic = originTopic;
        this.windowMillis = windowMillis;
    }

    /** True when the tumbling window holding {@code timestamp} has fired at {@code watermark} (as Flink SQL decides). */
    static boolean windowClosed(long timestamp, long watermark, long windowMillis) {
        long windowEnd = Math.floorDiv(timestamp, windowMillis) * windowMillis + windowMillis;
        return windowEnd - 1 <= watermark;
    }

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("lateTransactions");
    }

    @Override
    public void processElement(Decision d, Context ctx, Collector<Decision> out) {
        Transaction t = d.transaction();
        long watermark = ctx.timerService().currentWatermark();
        Long timestamp = ctx.timestamp();
        if (timestamp != null && windowClosed(timestamp, watermark, windowMillis)) {
            late.inc();
            String reason = DeadLetter.LATE + ": event time " + t.transactionTime() + " is " + (watermark - timestamp)
                + " ms behind the watermark, its fraud_dashboard window has closed; the transaction was decided "
                + "but is not in the dashboard";
            ctx.output(DeadLetter.TAG, DeadLetter.of(deadLetterTopic, originTopic,
                t.transactionId().getBytes(StandardCharsets.UTF_8), Json.toBytes(t), "Transaction Time", reason));
        }
        out.collect(d);
    }
}
