package dev.fraudwatch.detector;

import dev.fraudwatch.core.json.TransactionTime;
import dev.fraudwatch.core.model.CustomerRisk;
import dev.fraudwatch.core.model.DashboardMetric;
import dev.fraudwatch.core.model.Transaction;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The contract's analytics written out plainly in Java, as the end-to-end test's expectation: what the job's
 * Flink SQL must produce for a known list of transactions and their flags.
 */
final class ReferenceAnalytics {

    record Flagged(Transaction transaction, boolean flagged) {
    }

    private ReferenceAnalytics() {
    }

    /** Latest customer_risk row per account, over every transaction (lateness does not matter here). */
    static Map<String, CustomerRisk> customerRisk(List<Flagged> in) {
        Map<String, List<Flagged>> byAccount = new LinkedHashMap<>();
        in.forEach(f -> byAccount.computeIfAbsent(f.transaction().accountNumber(), k -> new ArrayList<>()).add(f));
        Map<String, CustomerRisk> out = new TreeMap<>();
        byAccount.forEach((account, list) -> {
            long fraud = list.stream().filter(Flagged::flagged).count();
            double sum = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (Flagged f : list) {
                sum += f.transaction().currentTransactionAmount();
                max = Math.max(max, f.transaction().currentTransactionAmount());
            }
            double avg = sum / list.size();
            out.put(account, new CustomerRisk(list.get(0).transaction().name(), account, list.size(), fraud, avg,
                CustomerRisk.riskLevel(fraud, max, avg)));
        });
        return out;
    }

    /** Dashboard rows of every window that ends at or before {@code closedBefore} (event time). */
    static List<DashboardMetric> dashboard(List<Flagged> in, LocalDateTime closedBefore) {
        Map<LocalDateTime, List<Flagged>> windows = new TreeMap<>();
        for (Flagged f : in) {
            LocalDateTime start = f.transaction().eventTime().truncatedTo(ChronoUnit.MINUTES);
            if (!start.plusMinutes(1).isAfter(closedBefore)) {
                windows.computeIfAbsent(start, k -> new ArrayList<>()).add(f);
            }
        }
        List<DashboardMetric> out = new ArrayList<>();
        windows.forEach((start, list) -> {
            String win = AnalyticsRecords.SQL_TIMESTAMP.format(start);
            Map<String, Long> byDevice = new TreeMap<>();
            Map<String, long[]> byCard = new TreeMap<>();
            long high = 0;
            for (Flagged f : list) {
                Transaction t = f.transaction();
                if (f.flagged()) {
                    byDevice.merge(t.currentLoginDevice(), 1L, Long::sum);
                }
                if (t.currentTransactionAmount() > FraudAnalytics.HIGH_RISK_AMOUNT) {
                    high++;
                }
                long[] c = byCard.computeIfAbsent(t.currentCardType(), k -> new long[2]);
                c[0]++;
                c[1] += f.flagged() ? 1 : 0;
            }
            byDevice.forEach((d, n) -> out.add(new DashboardMetric(win, DashboardMetric.FRAUD_COUNT_BY_DEVICE, d, n)));
            if (high > 0) {
                out.add(new DashboardMetric(win, DashboardMetric.HIGH_RISK_TXN_COUNT, "all", high));
            }
            byCard.forEach((card, c) -> out.add(new DashboardMetric(win, DashboardMetric.FRAUD_PERCENTAGE_BY_CARD, card,
                BigDecimal.valueOf(c[1] * 100L).divide(BigDecimal.valueOf(c[0]), 2, RoundingMode.HALF_UP)
                    .doubleValue())));
        });
        return out;
    }

    static LocalDateTime time(String text) {
        return TransactionTime.parse(text);
    }
}
