package se.provtid.worker;

/** The job must stop on this worker now: it was cancelled or finished elsewhere, or its lease was lost. */
class JobAbortedException extends RuntimeException {

    JobAbortedException(String message) {
        super(message, null, false, false);
    }
}
