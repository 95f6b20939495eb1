package dev.fraudwatch.simulator;

import dev.fraudwatch.core.json.TransactionTime;
import dev.fraudwatch.core.model.Transaction;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The pure heart of the simulator: an endless, deterministic sequence of {@link SimulatedTransaction}s. No Kafka,
 * no threads. The same config (seed, customers, fraud percentage, rate) yields the same customers and the same
 * choices; with a simulated clock and a fixed start time it yields the same records byte for byte.
 *
 * <p>Legitimate transactions pick a random customer that has been quiet for {@link #ACCOUNT_QUIET_PERIOD} of event
 * time (best effort, {@link #PICK_ATTEMPTS} tries), so a per-account velocity rule sees realistic spacing. A fraud
 * event's transactions are emitted back to back for one account, at most the scenario's spacing apart.
 *
 * <p>Not thread-safe: one generator per sending thread.
 */
public final class TransactionGenerator implements Iterator<SimulatedTransaction> {

    /** Outside fraud events an account transacts at most about twice a minute. */
    public static final Duration ACCOUNT_QUIET_PERIOD = Duration.ofSeconds(30);
    static final int PICK_ATTEMPTS = 8;

    private final List<CustomerProfile> customers;
    private final SplittableRandom random;
    private final Clock clock;
    private final boolean simulatedClock;
    private final TransactionIds ids;
    private final double fraudEventProbability;
    private final long stepNanos;
    /** Event time per wall time (the simulated clock's time scale; 1 on the wall clock). */
    private final double timeScale;
    private final long quietMicros = ACCOUNT_QUIET_PERIOD.toNanos() / 1000;
    private final long startMicros;
    /** Wall clock with a start time: added to "now" so the first transaction is at the start time. */
    private final long wallShiftMicros;
    private final long[] lastActivityMicros;

    private final ArrayDeque<Step> pending = new ArrayDeque<>();
    private int pendingCustomer;
    private String pendingScenario;
    private long pendingSpacingNanos;

    private long offsetNanos;
    private long emitted;
    private long formattedSecond = Long.MIN_VALUE;
    private String formattedSecondPrefix;

    public TransactionGenerator(SimulatorConfig config) {
        this(config, Clock.systemDefaultZone());
    }

    /** {@code clock} gives "now" (local time in its zone) when the config does not ask for a simulated clock. */
    public TransactionGenerator(SimulatorConfig config, Clock clock) {
        this(config, CustomerProfiles.generate(config.customers(), config.seed()), clock);
    }

    /** With profiles made earlier (e.g. shared by several runs of one benchmark). */
    public TransactionGenerator(SimulatorConfig config, List<CustomerProfile> customers, Clock clock) {
        this.customers = List.copyOf(customers);
        // A separate stream from the profiles' Random: adding a profile field never changes the sequence.
        this.random = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        this.clock = clock;
        this.simulatedClock = config.simulatedClock();
        this.ids = new TransactionIds(random);
        this.fraudEventProbability = Scenarios.eventProbability(config.fraudPercent() / 100.0);
        this.stepNanos = config.stepNanos();
        this.timeScale = simulatedClock ? config.timeScale() : 1.0;
        long now = nowMicros();
        this.startMicros = config.startTime().map(TransactionGenerator::toMicros).orElse(now);
        this.wallShiftMicros = startMicros - now;
        this.lastActivityMicros = new long[customers.size()];
        java.util.Arrays.fill(lastActivityMicros, Long.MIN_VALUE / 2);
    }

    public List<CustomerProfile> customers() {
        return customers;
    }

    /** Transactions emitted so far. */
    public long emitted() {
        return emitted;
    }

    /**
     * When the next transaction is due, in wall-clock nanoseconds after the first: {@code n / rate} for ordinary
     * ones, closer inside a fraud event. The simulated clock is the start time plus this offset times the time
     * scale; a rate-limited sender waits for it.
     */
    public long nextOffsetNanos() {
        return timeScale == 1.0 ? offsetNanos : Math.round(offsetNanos / timeScale);
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public SimulatedTransaction next() {
        long eventMicros = simulatedClock ? startMicros + offsetNanos / 1000 : nowMicros() + wallShiftMicros;
        int customer;
        Step step;
        String scenario;
        if (!pending.isEmpty()) {
            customer = pendingCustomer;
            step = pending.poll();
            scenario = pendingScenario;
        } else {
            customer = pickQuietCustomer(eventMicros);
            CustomerProfile p = customers.get(customer);
            if (random.nextDouble() < fraudEventProbability) {
                Scenario s = Scenarios.draw(random);
                List<Step> steps = s.plan(p, random);
                step = steps.get(0);
                scenario = s.name();
                if (steps.size() > 1) {
                    pending.addAll(steps.subList(1, steps.size()));
                    pendingCustomer = customer;
                    pendingScenario = scenario;
                    pendingSpacingNanos = s.maxSpacing().toNanos();
                }
            } else {
                step = Step.legitimate(p, random);
                scenario = Scenarios.NONE;
            }
        }
        lastActivityMicros[customer] = eventMicros;
        Transaction t = build(customers.get(customer), step, ids.id(emitted), time(eventMicros));
        emitted++;
        offsetNanos += pending.isEmpty() ? stepNanos : Math.min(stepNanos, pendingSpacingNanos);
        return new SimulatedTransaction(t, scenario);
    }

    private int pickQuietCustomer(long eventMicros) {
        int n = customers.size();
        int c = random.nextInt(n);
        for (int i = 1; i < PICK_ATTEMPTS && eventMicros - lastActivityMicros[c] < quietMicros; i++) {
            c = random.nextInt(n);
        }
        return c;
    }

    private static Transaction build(CustomerProfile p, Step s, String id, String time) {
        return new Transaction(p.name(), p.address(), p.email(), p.city(), p.state(), s.country(), p.phoneNumber(),
            p.accountNumber(), s.ipAddress(), p.loginDevices(), p.cardTypes(), p.transactionTypes(),
            p.cardNumber(), p.usualTransactionAmount(), id, time, s.device(), s.cardType(), s.transactionType(),
            s.amount(), s.fraudFlags());
    }

    /**
     * {@link TransactionTime#formatMicros} of the event time. A DateTimeFormatter call costs more than the rest of
     * a transaction, so the text up to the second is formatted once per second and the six digits appended.
     */
    String time(long micros) {
        long second = Math.floorDiv(micros, 1_000_000L);
        int fraction = (int) Math.floorMod(micros, 1_000_000L);
        if (second != formattedSecond) {
            String full = TransactionTime.formatMicros(LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC));
            formattedSecondPrefix = full.substring(0, full.length() - 6);
            formattedSecond = second;
        }
        String prefix = formattedSecondPrefix;
        char[] c = new char[prefix.length() + 6];
        prefix.getChars(0, prefix.length(), c, 0);
        for (int i = c.length - 1; i >= prefix.length(); i--) {
            c[i] = (char) ('0' + fraction % 10);
            fraction /= 10;
        }
        return new String(c);
    }

    /** The clock's local time in microseconds, without building a LocalDateTime per call. */
    private long nowMicros() {
        java.time.Instant now = clock.instant();
        int offset = clock.getZone().getRules().getOffset(now).getTotalSeconds();
        return (now.getEpochSecond() + offset) * 1_000_000L + now.getNano() / 1000;
    }

    /** Local time as microseconds on a UTC-like line: only differences and round trips matter. */
    private static long toMicros(LocalDateTime t) {
        return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
    }
}
