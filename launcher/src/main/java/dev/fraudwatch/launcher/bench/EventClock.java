package dev.fraudwatch.launcher.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * When a transaction was produced, from its event time: the bench's phases run the simulator on a simulated clock
 * that starts at {@code eventFrom} when the phase starts sending (wall clock {@code wallFrom}) and runs {@code scale}
 * times faster than the wall clock (see {@link LoadPhases}), so a transaction due at event time e was due for
 * sending at {@code wallFrom + (e - eventFrom) / scale}. A sender that falls behind sends later than that, so a
 * latency measured from it can only be too long, never too short. Event times outside every phase (the wall clock
 * mode, {@code --event-step-ms 0}) are wall-clock times already. Times in epoch microseconds.
 */
final class EventClock {

    /** One phase's clock: event times in [eventFrom, eventTo). */
    record Segment(long eventFrom, long eventTo, long wallFrom, double scale) {
        Segment {
            if (!(scale > 0) || eventTo <= eventFrom) {
                throw new IllegalArgumentException("bad clock segment " + eventFrom + ".." + eventTo + " x" + scale);
            }
        }
    }

    private final List<Segment> segments = new CopyOnWriteArrayList<>();

    void add(Segment s) {
        segments.add(s);
    }

    long wallMicros(long eventMicros) {
        for (Segment s : segments) {
            if (eventMicros >= s.eventFrom() && eventMicros < s.eventTo()) {
                return s.wallFrom() + Math.round((eventMicros - s.eventFrom()) / s.scale());
            }
        }
        return eventMicros;
    }
}
