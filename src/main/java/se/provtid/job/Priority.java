package se.provtid.job;

/** Queue priority; a lower rank is served first. */
public enum Priority {
    high(0), normal(1), low(2);

    private final int rank;

    Priority(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }
}
