package dev.fraudwatch.detector;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.FraudAlert;
import dev.fraudwatch.core.model.Topics;
import dev.fraudwatch.rules.Decision;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

import java.time.Instant;

/**
 * The output records of one decision: REVIEW and BLOCK go to {@code fraud_alerts}, BLOCK also to
 * {@code blocked_customers}; ALLOW writes nothing here. Both are keyed by {@code Transaction ID}: each record is
 * about one transaction, so the id is its identity and a consumer can write it idempotently (an index document
 * id, a de-duplicating e-mail sender).
 */
final class DecisionRecords implements FlatMapFunction<Decision, OutRecord> {

    private final String alertsTopic;
    private final String blockedTopic;

    DecisionRecords(Topics topics) {
        this.alertsTopic = topics.fraudAlerts();
        this.blockedTopic = topics.blockedCustomers();
    }

    /** The {@code fraud_alerts} record of a retroactive alert (see {@code DecisionStream.RETROACTIVE}). */
    OutRecord retroactive(FraudAlert a) {
        FraudAlert stamped = new FraudAlert(a.transactionId(), a.accountNumber(), a.name(),
            a.currentTransactionAmount(), a.transactionTime(), a.decision(), a.riskScore(), a.firedRules(),
            Instant.now().toString());
        return OutRecord.of(alertsTopic, a.transactionId(), Json.toBytes(stamped));
    }

    @Override
    public void flatMap(Decision d, Collector<OutRecord> out) {
        if (d.decision() == FraudAlert.Decision.ALLOW) {
            return;
        }
        String now = Instant.now().toString();
        String id = d.transaction().transactionId();
        out.collect(OutRecord.of(alertsTopic, id, Json.toBytes(d.toAlert(now))));
        if (d.decision() == FraudAlert.Decision.BLOCK) {
            out.collect(OutRecord.of(blockedTopic, id, Json.toBytes(d.toBlocked(now))));
        }
    }
}
