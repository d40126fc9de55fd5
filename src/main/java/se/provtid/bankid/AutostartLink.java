package se.provtid.bankid;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The link that opens the BankID app on the same device for an order, from the order's autostart token. */
public final class AutostartLink {

    private AutostartLink() {
    }

    /** {@code bankid:///?autostarttoken=<token>&redirect=null}, as the site's own page builds it (site dossier). */
    public static String of(String autostartToken) {
        // redirect=null: the app returns to where the person came from instead of opening a page of ours.
        return "bankid:///?autostarttoken=" + URLEncoder.encode(autostartToken, StandardCharsets.UTF_8)
                + "&redirect=null";
    }

    /** Whether the site handed out a usable token (the adapter reads a missing one as empty). */
    public static boolean present(String autostartToken) {
        return autostartToken != null && !autostartToken.isBlank();
    }
}
