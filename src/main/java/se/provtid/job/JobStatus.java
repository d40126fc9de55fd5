package se.provtid.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The states of a booking job and the one table of moves allowed between them. */
public enum JobStatus {
    queued(0), starting(5), authenticating(15), searching(40), reserving(60), awaiting_confirmation(70),
    booking(85), completed(100), failed(100), cancelled(100), expired(100);

    private static final Set<JobStatus> FINAL = EnumSet.of(completed, failed, cancelled, expired);
    private static final Set<JobStatus> ACTIVE = EnumSet.of(starting, authenticating, searching, reserving,
            awaiting_confirmation, booking);

    /**
     * Allowed moves, besides "any non-final state to failed, cancelled or expired".
     * Active states may go back to queued (a worker hands the job back) and to authenticating
     * (the site session ended); reserving and later may go back to searching (slot taken, hold lapsed).
     */
    private static final Map<JobStatus, Set<JobStatus>> MOVES = Map.of(
            queued, EnumSet.of(starting),
            // starting -> searching: a resumed job whose site session survived needs no new login.
            starting, EnumSet.of(authenticating, searching, queued),
            authenticating, EnumSet.of(searching, queued),
            // searching -> booking: a resumed job finishing a payment that was in flight when its worker died.
            searching, EnumSet.of(reserving, booking, authenticating, queued),
            reserving, EnumSet.of(awaiting_confirmation, booking, searching, authenticating, queued),
            awaiting_confirmation, EnumSet.of(booking, searching, authenticating, queued),
            booking, EnumSet.of(completed, searching, authenticating, queued));

    private final int progress;

    JobStatus(int progress) {
        this.progress = progress;
    }

    /** Rough share of the job done, for the status view (0 to 100). */
    public int progress() {
        return progress;
    }

    public boolean isFinal() {
        return FINAL.contains(this);
    }

    public boolean isActive() {
        return ACTIVE.contains(this);
    }

    /** Whether a job may move from this state to {@code next}. */
    public boolean canMoveTo(JobStatus next) {
        if (isFinal()) {
            return false;
        }
        if (next == failed || next == cancelled || next == expired) {
            return true;
        }
        return MOVES.getOrDefault(this, Set.of()).contains(next);
    }

    /** Every state from which a move to {@code next} is allowed. */
    public static Set<JobStatus> sourcesOf(JobStatus next) {
        Set<JobStatus> from = EnumSet.noneOf(JobStatus.class);
        for (JobStatus s : values()) {
            if (s.canMoveTo(next)) {
                from.add(s);
            }
        }
        return from;
    }
}
