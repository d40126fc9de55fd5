package se.provtid.worker;

import java.util.concurrent.Semaphore;

/**
 * Bounds how many jobs of this process open the site and reach the BankID QR code at once, first come first
 * served. That step is the expensive one (a context, the app's page, three clicks); done by everyone at once it
 * makes everyone wait for everyone, done in turns the earliest arrivals get their code first.
 */
final class LoginStarts {

    private final Semaphore turns;
    private final int size;

    LoginStarts(int configured) {
        this.size = configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
        this.turns = new Semaphore(size, true); // fair: turns are given in the order they were asked for
    }

    /** How many jobs may be at this step at once. */
    int size() {
        return size;
    }

    /** Jobs waiting for their turn now. */
    int waiting() {
        return turns.getQueueLength();
    }

    /** Waits for a turn (interrupted when the job's lease is lost); the turn ends when the returned one is closed. */
    Turn take() throws InterruptedException {
        turns.acquire();
        return new Turn();
    }

    /** One job's turn; closing it more than once gives it back once. */
    final class Turn implements AutoCloseable {

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
