package dev.fraudwatch.rules;

import dev.fraudwatch.core.json.TransactionTime;
import dev.fraudwatch.core.model.Transaction;
import dev.fraudwatch.core.model.TransactionBuilder;

import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Our own seeded traffic with the simulator's patterns (independent of the simulator module, so the rules are
 * tested against the patterns as specified): legitimate transactions use the profile's device, IP and country
 * and 0.5..1.5 x the usual amount, on accounts quiet for 30 s; fraud events are an amount spike (6..18 x, with
 * the upstream flag), an account takeover (new device, IP and foreign country), a velocity burst (12 quick
 * transactions), card testing (2-3 probes under 1.00 then one over 500) and an upstream flag.
 */
final class TrafficFixture {

    static final String[] DEVICES = {"Smartphone (Mobile Banking App)", "Laptop (Web Browser)",
        "ATM (Card and PIN or Mobile App Login)", "Tablet (Mobile Banking App)", "Desktop (Web Browser)",
        "Smartwatch (Contactless Payment)", "POS Terminal (Card Swipe)", "Smart TV (Banking App)", "Kiosk",
        "Voice Assistant", "Car Infotainment", "Game Console", "Feature Phone (SMS)", "Branch Teller",
        "Phone Banking (IVR)", "Wearable Ring"};
    static final String[] COUNTRIES = {"United States", "Canada", "Mexico", "Brazil", "France", "Germany", "Japan",
        "India", "Nigeria", "Australia"};

    record Labelled(Transaction transaction, String scenario) {
    }

    private final SplittableRandom r;
    private final List<TransactionBuilder> customers = new ArrayList<>();
    private final long[] lastActivity;
    private final double eventProbability;
    private final ArrayDeque<Labelled> pending = new ArrayDeque<>();
    private long clockMillis = TransactionTime.toEpochMillis(LocalDateTime.of(2025, 3, 1, 0, 0));
    private long seq;

    TrafficFixture(long seed, int customerCount, double fraudShare) {
        r = new SplittableRandom(seed);
        lastActivity = new long[customerCount];
        Arrays.fill(lastActivity, Long.MIN_VALUE / 2);
        for (int i = 0; i < customerCount; i++) {
            List<String> devices = new ArrayList<>(List.of(DEVICES));
            java.util.Collections.shuffle(devices, new java.util.Random(r.nextLong()));
            customers.add(TransactionBuilder.transaction().accountNumber(String.format("ACC%010d", i))
                .name("Customer " + i).country(COUNTRIES[r.nextInt(COUNTRIES.length)])
                .ipAddress("10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254)))
                .loginDevices(List.copyOf(devices.subList(0, 5)))
                .usualAmount(Math.round((100 + r.nextDouble() * 4900) * 100) / 100.0));
        }
        double meanEventLength = 0.3 + 0.3 + 0.25 + 0.10 * 3.5 + 0.05 * 12;
        eventProbability = fraudShare / (meanEventLength * (1 - fraudShare) + fraudShare);
    }

    List<Labelled> take(int n) {
        List<Labelled> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    Labelled next() {
        clockMillis += 100;
        if (!pending.isEmpty()) {
            return stamp(pending.poll());
        }
        int c = r.nextInt(customers.size());
        for (int i = 1; i < 8 && clockMillis - lastActivity[c] < 30_000; i++) {
            c = r.nextInt(customers.size());
        }
        lastActivity[c] = clockMillis;
        TransactionBuilder p = customers.get(c);
        Transaction profile = p.build();
        if (r.nextDouble() >= eventProbability) {
            return stamp(new Labelled(legit(profile).build(), "none"));
        }
        double u = r.nextDouble();
        if (u < 0.30) {
            double amount = round(profile.usualTransactionAmount() * (0.5 + r.nextDouble()) * 12);
            return stamp(new Labelled(legit(profile).amount(amount)
                .fraudFlags("Unusual Transaction Amount: " + amount).build(), "amount_spike"));
        } else if (u < 0.60) {
            return stamp(new Labelled(legit(profile).fraudFlags("Different Transaction Type: Crypto").build(),
                "upstream_flag"));
        } else if (u < 0.85) {
            return stamp(new Labelled(legit(profile).device(otherDevice(profile))
                .ipAddress("203.0.113." + r.nextInt(250)).country(otherCountry(profile)).build(), "account_takeover"));
        } else if (u < 0.95) {
            int probes = 2 + r.nextInt(2);
            for (int i = 0; i < probes; i++) {
                pending.add(new Labelled(legit(profile).amount(round(0.01 + r.nextDouble() * 0.98)).build(),
                    "card_testing"));
            }
            pending.add(new Labelled(legit(profile).amount(round(500.01 + r.nextDouble() * 2499)).build(),
                "card_testing"));
        } else {
            for (int i = 0; i < 12; i++) {
                pending.add(new Labelled(legit(profile).build(), "velocity_burst"));
            }
        }
        Labelled first = pending.poll();
        return stamp(first);
    }

    private Labelled stamp(Labelled l) {
        lastActivity[Integer.parseInt(l.transaction().accountNumber().substring(3))] = clockMillis;
        Transaction t = TransactionBuilder.from(l.transaction()).transactionId(String.format("TRN%011d", ++seq))
            .time(TransactionTime.formatMicros(TransactionTime.fromEpochMillis(clockMillis))).build();
        return new Labelled(t, l.scenario());
    }

    private TransactionBuilder legit(Transaction profile) {
        return TransactionBuilder.from(profile).device(profile.loginDevices().get(r.nextInt(5)))
            .amount(round(profile.usualTransactionAmount() * (0.5 + r.nextDouble())));
    }

    private String otherDevice(Transaction profile) {
        String d;
        do {
            d = DEVICES[r.nextInt(DEVICES.length)];
        } while (profile.loginDevices().contains(d));
        return d;
    }

    private String otherCountry(Transaction profile) {
        String c;
        do {
            c = COUNTRIES[r.nextInt(COUNTRIES.length)];
        } while (c.equals(profile.country()));
        return c;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
