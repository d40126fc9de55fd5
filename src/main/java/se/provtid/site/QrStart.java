package se.provtid.site;

/** The start values of a BankID order, from which every animated QR code can be computed. */
public record QrStart(String referenceId, String autostartToken, String qrStartToken, String qrStartSecret,
        long qrStartTime, String firstQrCode) {

    @Override
    public String toString() {
        // Never print the secret.
        return "QrStart[referenceId=" + referenceId + "]";
    }
}
