package dev.fraudwatch.simulator;

import dev.fraudwatch.core.model.Transaction;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The per-transaction values of one planned transaction: what the customer did now. The generator adds the
 * profile fields, the transaction ID and the event time when it emits the step.
 */
public record Step(String device, String cardType, String transactionType, String ipAddress, String country,
                   double amount, String fraudFlags) {

    /** Legitimate behaviour: the profile's own device, card, type, IP and country, about the usual amount. */
    public static Step legitimate(CustomerProfile p, SplittableRandom r) {
        return usual(p, r, usualAmount(p, r));
    }

    /** The profile's own device, card, type, IP and country with the given amount and no upstream flag. */
    public static Step usual(CustomerProfile p, SplittableRandom r, double amount) {
        return new Step(any(p.loginDevices(), r), any(p.cardTypes(), r), any(p.transactionTypes(), r),
            p.ipAddress(), p.country(), amount, Transaction.NO_FRAUD);
    }

    /** The original's non-fraud amount: uniform 0.5..1.5 x the usual amount. */
    public static double usualAmount(CustomerProfile p, SplittableRandom r) {
        return Amounts.round2(p.usualTransactionAmount() * (0.5 + r.nextDouble()));
    }

    public Step withAmount(double newAmount, String flags) {
        return new Step(device, cardType, transactionType, ipAddress, country, newAmount, flags);
    }

    static String any(List<String> values, SplittableRandom r) {
        return values.get(r.nextInt(values.size()));
    }

    /** An entry of {@code values} that is not in {@code except} (the lists here always leave one). */
    static String anyExcept(List<String> values, List<String> except, SplittableRandom r) {
        String v;
        do {
            v = any(values, r);
        } while (except.contains(v));
        return v;
    }

    /** A public-looking IPv4 address other than {@code except}. */
    static String otherIp(String except, SplittableRandom r) {
        String ip;
        do {
            ip = (11 + r.nextInt(212)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
        } while (ip.equals(except));
        return ip;
    }
}
