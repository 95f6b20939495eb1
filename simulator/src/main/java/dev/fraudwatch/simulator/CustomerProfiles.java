package dev.fraudwatch.simulator;

import net.datafaker.Faker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Creates customer profiles with Datafaker, deterministically: the same seed and count give the same customers.
 * Datafaker is slow (microseconds per value), so profiles are made once per run and never in the per-transaction
 * path.
 */
public final class CustomerProfiles {

    public static final double MIN_USUAL_AMOUNT = 100.0;
    public static final double MAX_USUAL_AMOUNT = 5000.0;

    private CustomerProfiles() {
    }

    public static List<CustomerProfile> generate(int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one customer, got " + count);
        }
        // One Random drives both Datafaker and our own draws, so one seed fixes every field.
        Random random = new Random(seed);
        Faker faker = new Faker(Locale.US, random);
        Set<String> accounts = new HashSet<>();
        List<CustomerProfile> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String account;
            do {
                account = "ACC" + digits(random, 10);
            } while (!accounts.add(account));
            String first = faker.name().firstName();
            String last = faker.name().lastName();
            out.add(new CustomerProfile(
                first + " " + last,
                faker.address().streetAddress(),
                email(first, last, faker),
                faker.address().city(),
                faker.address().state(),
                faker.address().country(),
                faker.phoneNumber().phoneNumber(),
                account,
                faker.internet().publicIpV4Address(),
                pick(Catalog.LOGIN_DEVICES, Catalog.DEVICES_PER_PROFILE, random),
                pick(Catalog.CARD_TYPES, Catalog.CARD_TYPES_PER_PROFILE, random),
                pick(Catalog.TRANSACTION_TYPES, Catalog.TRANSACTION_TYPES_PER_PROFILE, random),
                faker.finance().creditCard().replace("-", ""),
                Amounts.round2(MIN_USUAL_AMOUNT + random.nextDouble() * (MAX_USUAL_AMOUNT - MIN_USUAL_AMOUNT))));
        }
        return List.copyOf(out);
    }

    private static String email(String first, String last, Faker faker) {
        String local = (first + "." + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]", "");
        return local + "@" + faker.internet().domainName();
    }

    /** {@code k} distinct entries of {@code from}, in random order (a partial Fisher-Yates shuffle). */
    static List<String> pick(List<String> from, int k, Random random) {
        List<String> copy = new ArrayList<>(from);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(copy.size() - i);
            String t = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, t);
        }
        return List.copyOf(copy.subList(0, k));
    }

    private static String digits(Random random, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = (char) ('0' + random.nextInt(10));
        }
        return new String(c);
    }
}
