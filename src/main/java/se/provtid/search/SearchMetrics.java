package se.provtid.search;

import jakarta.inject.Singleton;

/** Placeholder until the learning branch merges (replaced there). */
@Singleton
public class SearchMetrics {
    public void looked(String mode) {
    }

    public void found(int n) {
    }

    public void handedOut() {
    }

    public void wentToOther() {
    }

    public void lostRace() {
    }

    public void selfCollision() {
    }
}
