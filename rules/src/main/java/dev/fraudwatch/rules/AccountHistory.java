package dev.fraudwatch.rules;

import dev.fraudwatch.core.model.Transaction;

import java.util.Arrays;

/**
 * What the decision operator remembers about one account, kept in Flink keyed state (with TTL). Every array is
 * bounded: recent amounts by {@link #AMOUNTS_KEPT}, the velocity window by {@link #WINDOW_KEPT} and by the
 * window length, and devices/IP addresses/countries by {@link #PLACES_KEPT} (oldest dropped first).
 *
 * <p>A Flink POJO (public no-arg constructor, public fields, arrays rather than collections) so the state
 * serialiser is Flink's own, compact and evolvable, with no Kryo fallback.
 */
public class AccountHistory {

    /** Amounts kept for the account's typical amount (median). */
    public static final int AMOUNTS_KEPT = 20;
    /** Upper bound of event times kept for the velocity window, whatever the window length. */
    public static final int WINDOW_KEPT = 256;
    /** Devices, IP addresses and countries kept per account. */
    public static final int PLACES_KEPT = 10;
    /** Transaction ids remembered per account to recognise a repeated record (as 64-bit hashes). */
    public static final int IDS_KEPT = 32;

    /** Transactions seen for the account (all decisions). */
    public long transactions;
    /** Most recent amounts, oldest first. */
    public double[] amounts = new double[0];
    /** Event times (epoch ms) of the transactions inside the velocity window, in event-time order. */
    public long[] windowTimes = new long[0];
    /** Amounts matching {@link #windowTimes}. */
    public double[] windowAmounts = new double[0];
    /** Devices, IP addresses and countries of the account's trusted (ALLOW) transactions, oldest first. */
    public String[] devices = new String[0];
    public String[] ips = new String[0];
    public String[] countries = new String[0];
    /** The previous transaction (any decision); {@code lastTime} is epoch ms, meaningful when transactions > 0. */
    public long lastTime;
    public double lastAmount;
    public String lastCountry;
    /**
     * The previous transaction's id and {@code Transaction Time} text, and whether it was allowed: what a
     * retroactive velocity alert about it needs (see {@link DecisionEngine#step}).
     */
    public String lastId;
    public String lastTransactionTime;
    public boolean lastAllowed;
    /**
     * 64-bit hashes of the account's last {@link #IDS_KEPT} transaction ids, oldest first. Hashes rather than the
     * ids keep this at 256 bytes per account; two different ids of one account collide with odds of about
     * 1 in 10^17 per transaction.
     */
    public long[] recentIds = new long[0];

    public AccountHistory() {
    }

    public boolean isEmpty() {
        return transactions == 0;
    }

    /** True when {@code transactionId} is among the account's last {@link #IDS_KEPT} transaction ids. */
    public boolean seen(String transactionId) {
        long h = idHash(transactionId);
        for (long id : recentIds) {
            if (id == h) {
                return true;
            }
        }
        return false;
    }

    /** FNV-1a, 64 bits, over the id's characters. */
    static long idHash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * Remembers {@code t}. Amounts, times and the previous transaction are always recorded (a blocked or flagged
     * attempt still counts for velocity); devices, IPs and countries only when {@code trusted}, so a fraudster's
     * device does not become "known" to the account.
     */
    public void record(Transaction t, long eventTime, boolean trusted, long windowMillis) {
        transactions++;
        if (t.transactionId() != null) {
            long[] ids = Arrays.copyOf(recentIds, recentIds.length + 1);
            ids[recentIds.length] = idHash(t.transactionId());
            recentIds = ids.length > IDS_KEPT ? Arrays.copyOfRange(ids, ids.length - IDS_KEPT, ids.length) : ids;
        }
        double amount = t.currentTransactionAmount();
        amounts = append(amounts, amount, AMOUNTS_KEPT);
        long newest = Math.max(eventTime, windowTimes.length == 0 ? eventTime : windowTimes[windowTimes.length - 1]);
        int keepFrom = 0;
        while (keepFrom < windowTimes.length && windowTimes[keepFrom] <= newest - windowMillis) {
            keepFrom++;
        }
        windowTimes = Arrays.copyOfRange(windowTimes, keepFrom, windowTimes.length);
        windowAmounts = Arrays.copyOfRange(windowAmounts, keepFrom, windowAmounts.length);
        if (eventTime > newest - windowMillis) {
            insertSorted(eventTime, amount);
        }
        if (trusted) {
            devices = remember(devices, t.currentLoginDevice());
            ips = remember(ips, t.ipAddress());
            countries = remember(countries, t.country());
        }
        lastTime = eventTime;
        lastAmount = amount;
        lastCountry = t.country();
        lastId = t.transactionId();
        lastTransactionTime = t.transactionTime();
    }

    /** Keeps the window in event-time order even when events arrive out of order, dropping the oldest past the cap. */
    private void insertSorted(long time, double amount) {
        int at = windowTimes.length;
        while (at > 0 && windowTimes[at - 1] > time) {
            at--;
        }
        long[] times = new long[windowTimes.length + 1];
        double[] amounts = new double[times.length];
        System.arraycopy(windowTimes, 0, times, 0, at);
        System.arraycopy(windowAmounts, 0, amounts, 0, at);
        times[at] = time;
        amounts[at] = amount;
        System.arraycopy(windowTimes, at, times, at + 1, windowTimes.length - at);
        System.arraycopy(windowAmounts, at, amounts, at + 1, windowAmounts.length - at);
        int from = Math.max(0, times.length - WINDOW_KEPT);
        windowTimes = from == 0 ? times : Arrays.copyOfRange(times, from, times.length);
        windowAmounts = from == 0 ? amounts : Arrays.copyOfRange(amounts, from, amounts.length);
    }

    public static boolean contains(String[] values, String value) {
        for (String v : values) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String[] remember(String[] values, String value) {
        if (value == null || contains(values, value)) {
            return values;
        }
        String[] out = Arrays.copyOf(values, values.length + 1);
        out[values.length] = value;
        return out.length > PLACES_KEPT ? Arrays.copyOfRange(out, out.length - PLACES_KEPT, out.length) : out;
    }

    private static double[] append(double[] values, double value, int max) {
        double[] out = Arrays.copyOf(values, values.length + 1);
        out[values.length] = value;
        return out.length > max ? Arrays.copyOfRange(out, out.length - max, out.length) : out;
    }

}
