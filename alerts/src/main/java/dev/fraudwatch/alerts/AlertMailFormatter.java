package dev.fraudwatch.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns one or more blocked transactions into the text of one alert mail. Pure: no I/O, the date is a parameter. */
public final class AlertMailFormatter {

    /** The mail for {@code batch}, dated {@code date} (when the group was formed). */
    public AlertMail format(List<BlockedTransaction> batch, Instant date) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("an alert mail needs at least one blocked transaction");
        }
        List<String> ids = batch.stream().map(BlockedTransaction::transactionId).toList();
        StringBuilder body = new StringBuilder();
        body.append(batch.size() == 1 ? "FraudWatch blocked a transaction."
            : "FraudWatch blocked " + batch.size() + " transactions.").append("\n\n");
        for (BlockedTransaction t : batch) {
            body.append("Transaction ID: ").append(t.transactionId()).append('\n')
                .append("Name:           ").append(text(t.name())).append('\n')
                .append("Account:        ").append(text(t.accountNumber())).append('\n')
                .append("Amount:         ").append(amount(t.amount())).append('\n')
                .append("Reason:         ").append(text(t.reason())).append('\n')
                .append("Time:           ").append(text(t.transactionTime())).append('\n')
                .append("Rules fired:    ").append(t.rules().isEmpty() ? "-" : String.join(", ", t.rules()))
                .append("\n\n");
        }
        body.append("Review the accounts on the FraudWatch dashboard before unblocking.\n");
        return new AlertMail(subject(batch), body.toString(), ids, messageId(ids), date);
    }

    private static String subject(List<BlockedTransaction> batch) {
        BlockedTransaction first = batch.get(0);
        if (batch.size() == 1) {
            return "FraudWatch alert: blocked transaction " + first.transactionId() + " of " + oneLine(first.name())
                + " (" + oneLine(first.accountNumber()) + "), amount " + amount(first.amount());
        }
        Set<String> accounts = new LinkedHashSet<>();
        batch.forEach(t -> accounts.add(oneLine(t.accountNumber())));
        double total = batch.stream().mapToDouble(BlockedTransaction::amount).sum();
        String where = accounts.size() == 1 ? "on account " + accounts.iterator().next() + " (" + oneLine(first.name())
            + ")" : "on " + accounts.size() + " accounts";
        return "FraudWatch alert: " + batch.size() + " blocked transactions " + where + ", total " + amount(total);
    }

    static String amount(double v) {
        return String.format(Locale.ROOT, "%,.2f", v);
    }

    private static String text(String v) {
        return v == null || v.isBlank() ? "-" : v;
    }

    /** Data goes into a header: no line breaks or other control characters from a customer's name. */
    private static String oneLine(String v) {
        return text(v).replaceAll("\\p{Cntrl}", " ");
    }

    private static String messageId(List<String> ids) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(String.join(",", ids).getBytes(StandardCharsets.UTF_8));
            return "<alert-" + HexFormat.of().formatHex(h, 0, 16) + "@fraudwatch>";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
