package dev.fraudwatch.simulator;

import java.util.SplittableRandom;

/** Money helpers: amounts carry two decimals, like the original's {@code round(x, 2)}. */
final class Amounts {

    private Amounts() {
    }

    static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    /** Uniform in [min, max), rounded to cents. */
    static double between(SplittableRandom r, double min, double max) {
        return round2(min + r.nextDouble() * (max - min));
    }

    /** The text the original wrote after {@code Unusual Transaction Amount: }: always two decimals. */
    static String text(double amount) {
        long cents = Math.round(amount * 100.0);
        long frac = cents % 100;
        return (cents / 100) + (frac < 10 ? ".0" : ".") + frac;
    }
}
