package se.provtid.job;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of a booking job and the one table of moves allowed between them: the only place that names a state.
 * The Lua scripts get what they need of it ({@link #finals()}, {@link #actives()}, {@link #inQueue()}, the flags of
 * a move) as arguments from the queue package, so none of them names a state ({@code LuaScriptSourcesTest} holds it).
 *
 * <p>To add a status, edit this file only: add its constant with its progress and {@link Kind}, and its moves in
 * {@code MOVES} (both where it may go and which states may go to it); the scripts, the stats and the API's
 * listings follow from here. (The pages' labels in {@code app.js} and {@code dashboard.js} are text for people.)
 */
public enum JobStatus {
    queued(0, Kind.QUEUED), starting(5, Kind.ACTIVE), authenticating(15, Kind.ACTIVE), searching(40, Kind.ACTIVE),
    reserving(60, Kind.ACTIVE), awaiting_confirmation(70, Kind.ACTIVE), booking(85, Kind.ACTIVE),
    watching(40, Kind.WATCHING), completed(100, Kind.FINAL), failed(100, Kind.FINAL), cancelled(100, Kind.FINAL), expired(100, Kind.FINAL);

    /**
     * Where a job in a state is: waiting in the queue, run by a worker under a lease, watching (its site session
     * ended: no worker, no browser, only its want in the fleet's search, until the person logs in again), or ended.
     */
    public enum Kind {
        QUEUED, ACTIVE, WATCHING, FINAL
    }

    private static final Set<JobStatus> FINAL = of(Kind.FINAL);
    private static final Set<JobStatus> ACTIVE = of(Kind.ACTIVE);
    private static final Set<JobStatus> QUEUED = of(Kind.QUEUED);
    private static final Set<JobStatus> WATCHING = of(Kind.WATCHING);

    /**
     * Allowed moves, besides "any non-final state to failed, cancelled or expired".
     * Active states may go back to queued (a worker hands the job back) and to authenticating
     * (the site session ended); reserving and later may go back to searching (slot taken, hold lapsed).
     * A job that has logged in once goes to watching when its site session ends (or a new login's QR code
     * timed out), and back to the queue when the person logs in again or a slot that fits it is found.
     */
    private static final Map<JobStatus, Set<JobStatus>> MOVES = Map.of(
            queued, EnumSet.of(starting),
            // starting -> searching: a resumed job whose site session survived needs no new login.
            starting, EnumSet.of(authenticating, searching, queued),
            authenticating, EnumSet.of(searching, queued, watching),
            // searching -> booking: a resumed job finishing a payment that was in flight when its worker died.
            searching, EnumSet.of(reserving, booking, authenticating, queued, watching),
            reserving, EnumSet.of(awaiting_confirmation, booking, searching, authenticating, queued, watching),
            awaiting_confirmation, EnumSet.of(booking, searching, authenticating, queued, watching),
            booking, EnumSet.of(completed, searching, authenticating, queued, watching),
            watching, EnumSet.of(queued));

    private final int progress;
    private final Kind kind;

    JobStatus(int progress, Kind kind) {
        this.progress = progress;
        this.kind = kind;
    }

    private static Set<JobStatus> of(Kind kind) {
        Set<JobStatus> out = EnumSet.noneOf(JobStatus.class);
        for (JobStatus s : values()) {
            if (s.kind == kind) {
                out.add(s);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** Rough share of the job done, for the status view (0 to 100). */
    public int progress() {
        return progress;
    }

    public boolean isFinal() {
        return FINAL.contains(this);
    }

    /** Whether a worker runs a job in this state, under a lease. */
    public boolean isActive() {
        return ACTIVE.contains(this);
    }

    /** Whether a job in this state waits in the queue for a worker. */
    public boolean isQueued() {
        return QUEUED.contains(this);
    }

    /** Whether a job in this state watches: no worker runs it until the person logs in again. */
    public boolean isWatching() {
        return WATCHING.contains(this);
    }

    /** Whether a job in this state waits for the person to scan a QR code (so its latest frame is worth showing). */
    public boolean waitsForScan() {
        return this == authenticating;
    }

    /** The states a job ends in. */
    public static Set<JobStatus> finals() {
        return FINAL;
    }

    /** The states in which a job waits in the queue (and so has a place in it). */
    public static Set<JobStatus> inQueue() {
        return QUEUED;
    }

    /** The states in which a job watches without a worker. */
    public static Set<JobStatus> watchings() {
        return WATCHING;
    }

    /** The states in which a worker runs the job under a lease. */
    public static Set<JobStatus> actives() {
        return ACTIVE;
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
