package se.provtid.login;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how many jobs of this process open the site and reach the BankID QR code at once, first come first
 * served. That step is the expensive one (a context, the app's page, three clicks); done by everyone at once it
 * makes everyone wait for everyone, done in turns the earliest arrivals get their code first.
 */
public final class LoginStarts {

    private final Semaphore turns;
    private final int size;

    public LoginStarts(int configured) {
        this.size = configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
        this.turns = new Semaphore(size, true); // fair: turns are given in the order they were asked for
    }

    /** How many jobs may be at this step at once. */
    public int size() {
        return size;
    }

    /** Jobs waiting for their turn now. */
    public int waiting() {
        return turns.getQueueLength();
    }

    /** Waits for a turn (interrupted when the job's lease is lost); the turn ends when the returned one is closed. */
    public Turn take() throws InterruptedException {
        turns.acquire();
        return new Turn();
    }

    /** A turn if one is free now and nobody waits for one (work ahead of demand never jumps the queue), else null. */
    public Turn tryTake() {
        try {
            // With a timeout (of zero) the fair semaphore keeps its order: a plain tryAcquire would barge ahead.
            return turns.tryAcquire(0, TimeUnit.SECONDS) ? new Turn() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** One job's turn; closing it more than once gives it back once. */
    public final class Turn implements AutoCloseable {

        private boolean done;

        @Override
        public synchronized void close() {
            if (!done) {
                done = true;
                turns.release();
            }
        }
    }
}
