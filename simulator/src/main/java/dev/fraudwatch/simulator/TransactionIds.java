package dev.fraudwatch.simulator;

import java.util.SplittableRandom;

/**
 * {@code TRN} + 11 digits, unique within a run and random-looking. The n-th ID is a bijection of n on
 * [0, 10^11): an affine map {@code a*x + b mod 10^11} (a coprime to 10), a rotation of the decimal digits (so
 * low digits of n reach the high ones), and a second affine map. No two of the first 10^11 IDs collide, where
 * random draws would collide after a few hundred thousand.
 */
final class TransactionIds {

    static final long MODULUS = 100_000_000_000L;
    private static final long HALF = 100_000L;

    private final long a1;
    private final long b1;
    private final long a2;
    private final long b2;

    TransactionIds(SplittableRandom r) {
        a1 = multiplier(r);
        b1 = r.nextLong(MODULUS);
        a2 = multiplier(r);
        b2 = r.nextLong(MODULUS);
    }

    /** Below 10^7 so that a * x (x < 10^11) stays below Long.MAX_VALUE; coprime to 10 so the map is a bijection. */
    private static long multiplier(SplittableRandom r) {
        long m = 1_000_001 + r.nextLong(8_000_000);
        while (m % 2 == 0 || m % 5 == 0) {
            m++;
        }
        return m;
    }

    String id(long n) {
        long v = (a1 * (n % MODULUS) + b1) % MODULUS;
        v = (v % HALF) * (MODULUS / HALF) + v / HALF;
        v = (a2 * v + b2) % MODULUS;
        char[] c = new char[14];
        c[0] = 'T';
        c[1] = 'R';
        c[2] = 'N';
        for (int i = 13; i >= 3; i--) {
            c[i] = (char) ('0' + (v % 10));
            v /= 10;
        }
        return new String(c);
    }
}
