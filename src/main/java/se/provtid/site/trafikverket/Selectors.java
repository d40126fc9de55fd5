package se.provtid.site.trafikverket;

/** Every selector the adapter uses on the booking site's page (element ids have changed over the years), and its cookie. */
public final class Selectors {

    public static final String APP_PATH = "/Boka/ng/";
    public static final String COOKIE_ACCEPT = "button.btn.btn-primary:has-text('Godkänn nödvändiga')";
    public static final String LOGIN_BUTTON = "#desktop-login-button";
    public static final String CONTINUE = "#dialog-outlet >> text='Fortsätt'";
    public static final String MOBILE_BANKID = "app-login-dialog button:has-text(\"Mobilt BankID\")";
    public static final String QR_CANVAS = ".qrcode canvas";
    public static final String LOGOUT_BUTTON = "#desktop-logout-button";
    /** The cookie the banner's "Godkänn nödvändiga" sets (readable by the page's script), and its value. */
    public static final String CONSENT_COOKIE = "TrvCookieConsent";
    public static final String CONSENT_NECESSARY = "necessary";

    private Selectors() {
    }
}
