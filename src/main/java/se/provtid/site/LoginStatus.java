package se.provtid.site;

/** Where the person's BankID login stands, as the site's page last saw it. */
public enum LoginStatus {
    /** Not decided yet: nobody has scanned, or the person has not approved in the app. */
    PENDING,
    /** The person approved in the BankID app. */
    COMPLETED,
    /** The BankID order failed or was cancelled. */
    FAILED
}
