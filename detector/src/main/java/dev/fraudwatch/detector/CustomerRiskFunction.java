package dev.fraudwatch.detector;

import dev.fraudwatch.core.json.Json;
import dev.fraudwatch.core.model.CustomerRisk;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.rules.BulkStringSerializer;
import dev.fraudwatch.rules.Decision;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Map;

/**
 * {@code customer_risk}, the original's {@code GROUP BY Name, Account Number} over all time
 * ({@link FraudAnalytics#CUSTOMER_RISK_SQL}), kept in the account's keyed state right after its decision: the
 * decisions are already keyed by account, so this runs chained to the decision operator, with no shuffle and no
 * second copy of the input. Emits one upsert per transaction, as the original did, keyed
 * {@code {"Account Number": ...}} like upsert-kafka. {@code FraudAnalyticsTest} checks it against the SQL query
 * on the same rows.
 *
 * <p>State per account: one {@link Totals} per name seen on it (practically one). Not expired: the original kept
 * every customer's row for ever, and so does the upsert topic; the state is a few dozen bytes per account.
 */
final class CustomerRiskFunction extends KeyedProcessFunction<String, Decision, OutRecord> {

    private final String topic;
    private transient MapState<String, Totals> totals;
    private transient CustomerRiskJson json;

    CustomerRiskFunction(String topic) {
        this.topic = topic;
    }

    /** Running aggregates of one (name, account) group: COUNT, SUM(flagged), SUM and MAX of the amount. */
    public static class Totals {
        public long count;
        public long flagged;
        public double sum;
        public double max = Double.NEGATIVE_INFINITY;

        public Totals() {
        }

        void add(double amount, boolean isFlagged) {
            count++;
            if (isFlagged) {
                flagged++;
            }
            sum += amount;
            max = Math.max(max, amount);
        }

        CustomerRisk row(String name, String account) {
            double avg = sum / count;
            return new CustomerRisk(name, account, count, flagged, avg, CustomerRisk.riskLevel(flagged, max, avg));
        }
    }

    @Override
    public void open(OpenContext openContext) {
        totals = getRuntimeContext().getMapState(new MapStateDescriptor<>("customer-risk", BulkStringSerializer.TYPE,
            TypeInformation.of(Totals.class)));
        json = new CustomerRiskJson();
    }

    @Override
    public void close() throws Exception {
        if (json != null) {
            json.close();
        }
        super.close();
    }

    @Override
    public void processElement(Decision d, Context ctx, Collector<OutRecord> out) throws Exception {
        Transaction t = d.transaction();
        // SQL groups by Name too; a null Name is a group of its own there, here the empty key (MapState has no null).
        String nameKey = t.name() == null ? "" : t.name();
        Totals group = totals.get(nameKey);
        if (group == null) {
            group = new Totals();
        }
        group.add(t.currentTransactionAmount(), d.flagged());
        totals.put(nameKey, group);
        CustomerRisk row = group.row(t.name(), t.accountNumber());
        out.collect(OutRecord.of(topic, json.key(row.accountNumber()), json.value(row)));
    }

    /**
     * The upsert-kafka record of a row: JSON key {@code {"Account Number": ...}}, JSON value; through databind,
     * the reference {@link CustomerRiskJson} (which the operator writes with) is tested against.
     */
    static OutRecord record(String topic, CustomerRisk row) {
        return OutRecord.of(topic, Json.toBytes(Map.of("Account Number", row.accountNumber())), Json.toBytes(row));
    }
}
