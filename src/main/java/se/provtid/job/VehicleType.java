package se.provtid.job;

/** The car the person wants to take the test in. */
public enum VehicleType {
    manual, automatic
}
