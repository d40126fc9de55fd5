// Provtid reference frontend: start a booking job and follow it live (QR, steps, result).
//
// The file has two halves, on purpose:
//   1. BACKEND HALF (startJob, cancelJob, confirmJob, resumeJob, jobStatus, renewStreamUrl): these calls carry the API token, a
//      server secret. In production they belong on your own backend (the original design's Supabase: an
//      Edge Function or any server route), which calls Provtid and hands the browser only the stream_url.
//      Here, in the demo, they run in the browser with a token the person typed (kept in sessionStorage).
//   2. BROWSER HALF (followJob and the drawing code): needs only the stream_url. Copy it as is.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const FINAL_EVENTS = ['booking_completed', 'job_failed', 'job_cancelled', 'job_expired'];
  const FINAL_STATES = ['completed', 'failed', 'cancelled', 'expired'];
  // Must match the server's QR_TIMEOUT (default PT3M): the countdown runs from the authenticating step.
  const QR_TIMEOUT_SECONDS = 180;
  // A renewal of the stream URL that fails is retried after 3 s, then twice as long each time, at most a minute.
  const RETRY_MIN_MS = 3000;
  const RETRY_MAX_MS = 60000;
  // While a job searches or watches, the status view is read this often for its searched places (and a slot on
  // offer that a reopened stream may have missed); never while the tab is hidden.
  const STATUS_POLL_MS = 30000;
  // A place searched longer ago than this is said to be unsearched: the fleet's plan looks at a wanted place every
  // few seconds while anyone is logged in, so minutes of silence mean nobody is (SEARCH_MODE=job, or all watching).
  const STALE_SEARCH_MS = 5 * 60000;
  // A phone back from this long asleep reopens a watching job's stream with a fresh URL (see followJob).
  const WAKE_REOPEN_MS = 60000;
  // The job's states in which a slot on offer (slot_available) is still being logged in for.
  const OFFER_STATES = ['queued', 'starting', 'authenticating'];
  const LICENCES = ['B', 'B96', 'BE', 'AM', 'A1', 'A2', 'A', 'C1', 'C1E', 'C', 'CE', 'D1', 'D1E', 'D', 'DE',
    'Traktor', 'Taxi'];
  // The simulator's places: suggestions when the API offers no place catalogue.
  const FALLBACK_PLACES = ['Stockholm', 'Uppsala', 'Göteborg', 'Malmö', 'Linköping', 'Gävle', 'Skövde', 'Örebro',
    'Västerås', 'Umeå', 'Jönköping', 'Norrköping', 'Helsingborg', 'Karlstad', 'Sundsvall', 'Luleå'];

  // ---------------------------------------------------------------------------------------------------------
  // Texts (Swedish and English)
  // ---------------------------------------------------------------------------------------------------------
  // Every sentence the page shows is its own, in the page's language: server texts arrive as a stable code and
  // parameters (events: data.code/params; problems: field, rule, params; other problems: their type), never as the
  // server's English message or detail. An unknown code shows the status word alone.
  const TEXT = {
    sv: {
      title: 'Boka uppkörning', dashboardLink: 'Driftvy', tokenLabel: 'API-nyckel (bara i demo)',
      tokenHint: 'I produktion når nyckeln aldrig webbläsaren: din egen server startar jobbet.',
      licence: 'Behörighet', examType: 'Prov', drivingTest: 'Körprov', theoryTest: 'Kunskapsprov', vehicle: 'Bil',
      manual: 'Manuell', automatic: 'Automat', places: 'Provorter (kommaseparerade)', dateFrom: 'Från',
      dateTo: 'Till', autoBook: 'Boka första lediga tid direkt', more: 'Mer',
      userId: 'Användar-id (tomt: ett nytt för varje jobb)', start: 'Starta', edit: 'Ändra',
      liveJob: 'Ett jobb pågår redan. Starta-knappen väntar tills det är klart.',
      restart: 'Avbryt jobbet och starta ett nytt',
      scanInstruction: 'Starta BankID-appen och skanna QR-koden', timeLeft: 'Tid kvar',
      openHere: 'Öppna BankID på den här enheten',
      orScan: '…eller skanna QR-koden med BankID på en annan enhet',
      simScan: 'Skanna med den simulerade BankID-appen', simOpen: 'Öppna med den simulerade BankID-appen',
      confirm: 'Boka den här tiden', cancel: 'Avbryt',
      again: 'Nytt jobb', steps: 'Steg', language: 'English',
      watchingNote: 'Bevakar lediga tider: logga in igen för att boka.', resume: 'Logga in igen',
      watchUntil: (at) => `Provtid bevakar dina provorter till ${moment(at)}.`,
      slotNotice: (p) => `En tid i ${p.location} den ${slot(p.date, p.time)} är ledig nu: skanna inom `
        + `${within(p.scan_within_seconds)} för att försöka ta den.`,
      minutes: (n) => (n === 1 ? '1 minut' : `${n} minuter`), seconds: (n) => `${n} sekunder`,
      payBy: (at) => `Betala senast ${moment(at)}, annars avbokar Trafikverket provet.`,
      searchedTitle: 'Sökt senast', atClock: 'kl. ',
      searched: {
        never: (place) => `${place}: inte sökt än.`,
        recent: (place, at) => `${place}: söktes ${at}.`,
        stale: (place, at) => `Ingen har sökt ${place} sedan ${at}.`,
      },
      connecting: 'Ansluter…', live: 'Live', reconnecting: 'Tappade anslutningen, återansluter…',
      renewing: 'Förnyar strömmens adress…', closed: 'Klart',
      months: ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober',
        'november', 'december'],
      held: (s, cost) => `Vi håller ${s.location} ${slot(s.date, s.time)}${cost} till kl. ${clock(s.reservation_expires)}.`,
      booked: (r) => `Bokat: ${r.location} ${slot(r.exam_date, r.exam_time)}. Bekräftelse ${r.confirmation_number}, bokning ${r.booking_id}.`,
      scanned: 'Skannad: BankID godkände inloggningen.', opened: 'Öppnad: BankID godkände inloggningen.',
      refused: {
        stale: 'BankID-appen nekade: koden hann bli för gammal. Försök igen.',
        already_used: 'BankID-appen nekade: inloggningen är redan godkänd.',
        unknown_order: 'BankID-appen nekade: det finns ingen sådan inloggning.',
        expired: 'BankID-appen nekade: inloggningen har gått ut.',
        other: 'BankID-appen nekade inloggningen.',
      },
      needToken: 'Fyll i API-nyckeln.', needPlaces: 'Ange minst en provort.', needDates: 'Ange båda datumen.',
      badToken: 'API-nyckeln stämmer inte.', busy: 'Det här användar-id:t har redan ett pågående jobb.',
      slowDown: 'För många anrop; försök igen om en stund.', full: 'Kön är full; försök igen om en stund.',
      unavailable: 'Tjänsten är inte tillgänglig just nu; försök igen om en stund.',
      jobFinal: 'Jobbet är redan avslutat.', notAwaiting: 'Jobbet väntar inte på någon bekräftelse.',
      notWatching: 'Jobbet bevakar inte längre: det loggar redan in eller har gått vidare.',
      failedRequest: 'Servern tog inte emot begäran.',
      network: 'Servern svarar inte. Kontrollera anslutningen.', invalid: 'Kontrollera fälten:',
      fields: {
        user_id: 'Användar-id', license_type: 'Behörighet', exam_type: 'Prov', vehicle_type: 'Bil',
        locations: 'Provorter', date_ranges: 'Datum', auto_book: 'Boka direkt', body: 'Formuläret',
        location: (n) => `Provort ${n}`, range: (n) => `Datumintervall ${n}`,
        rangeStart: (n) => `Från-datum i datumintervall ${n}`, rangeEnd: (n) => `Till-datum i datumintervall ${n}`,
        other: 'Ett fält',
      },
      rules: {
        required: (f) => `${f} måste fyllas i.`,
        type: (f) => `${f} har fel sorts värde.`,
        iso_date: (f) => `${f} måste vara ett datum (ÅÅÅÅ-MM-DD).`,
        one_of: (f, p) => `${f} måste vara något av ${list(p.allowed)}.`,
        max_items: (f, p) => `${f} får ha högst ${p.max}.`,
        format: (f, p) => (p.max ? `${f} får vara högst ${p.max} tecken.` : `${f} har fel format.`),
        max_length: (f, p) => `${f} får vara högst ${p.max} tecken.`,
        unique: (f, p) => `${f}: ${p.value || 'samma ort'} står två gånger.`,
        known_place: (f, p) => (!p.location ? `${f} är ingen provort vi känner till.` : `${f}: ”${p.location}” är ingen provort vi känner till.`)
          + (p.suggestions && p.suggestions.length ? ` Menade du ${list(p.suggestions, 'eller')}?` : ''),
        start_before_end: (f, p) => (p.start ? `${f}: från-datumet ${day(p.start)} ligger efter till-datumet ${day(p.end)}.`
          : `${f}: från-datumet ligger efter till-datumet.`),
        not_past: (f, p) => (p.start ? `${f}: ${day(p.start)}–${day(p.end)} har redan passerat.` : `${f} har redan passerat.`),
        other: (f) => `${f} har ett värde som inte godtas.`,
      },
      and: 'och', or: 'eller',
      states: {
        queued: 'I kö', starting: 'Startar', authenticating: 'Väntar på BankID', searching: 'Söker lediga tider',
        reserving: 'Reserverar tid', awaiting_confirmation: 'Väntar på din bekräftelse', booking: 'Bokar',
        completed: 'Bokat', failed: 'Misslyckades', cancelled: 'Avbrutet', expired: 'Tiden gick ut',
        watching: 'Bevakar lediga tider',
      },
      steps_: {
        queued: () => 'Jobbet väntar på en ledig arbetare.',
        attempt_failed: (p) => `Försök ${p.attempt} misslyckades; vi försöker igen.`,
        worker_stopping: () => 'Servern startar om; jobbet väntar på nästa lediga arbetare.',
        lease_expired: () => 'Jobbet tappade sin arbetare och står i kö igen.',
        opening_site: () => 'Öppnar Trafikverkets bokning.',
        waiting_for_bankid: () => 'Logga in med BankID.',
        logged_in: () => 'Inloggad. Söker lediga tider.',
        site_slow_down: (p) => `Trafikverket ber oss sakta ner; vi väntar ${p.pause_seconds} sekunder.`,
        site_unwell: () => 'Trafikverkets bokning krånglar; vi väntar och försöker igen.',
        site_updating: () => 'Trafikverkets bokning uppdateras; vi väntar.',
        reserving: (p) => `Reserverar ${p.location} ${slot(p.date, p.time)}.`,
        resuming_hold: (p) => `Tar upp reservationen av ${p.location} ${slot(p.date, p.time)} igen.`,
        slot_taken: () => 'Någon annan hann ta tiden; vi söker vidare.',
        slot_went_to_other_job: (p) => `En ledig tid, ${p.location} ${slot(p.date, p.time)}, gick till en annan bokning som stod före i kön; vi söker vidare.`,
        hold_lapsed: () => 'Reservationen gick ut; vi söker vidare.',
        hold_ended_before_payment: () => 'Reservationen tog slut före bokningen; vi söker vidare.',
        holding: (p) => `Vi håller ${p.location} ${slot(p.date, p.time)} till kl. ${clock(p.until)}.`,
        booking: (p) => `Bokar ${p.location} ${slot(p.date, p.time)}.`,
        found_paid_booking: () => 'Bokningen fanns redan, betald.',
        booked: (p) => `Bokat: ${p.location} ${slot(p.date, p.time)}.`,
        cancelled: () => 'Jobbet avbröts.',
        failed: () => 'Jobbet misslyckades.',
        qr_timeout: (p) => `Ingen skannade QR-koden inom ${Math.round((p.seconds || 180) / 60)} minuter.`,
        dates_passed: () => 'Alla datum har passerat.',
        login_required: (p) => 'Din inloggning hos Trafikverket har tagit slut. Vi bevakar dina provorter'
          + (p.watch_ends_at ? ` till ${moment(p.watch_ends_at)}` : '') + '; logga in igen för att boka.',
        slot_available: (p) => (p.location ? `En ledig tid: ${p.location} ${slot(p.date, p.time)}.` : 'En ledig tid dök upp.')
          + ' Loggar in för att försöka ta den.',
        resumed: () => 'Du loggar in igen; jobbet väntar på en ledig arbetare.',
        watch_ended: () => 'Bevakningen är slut.',
        'watching:qr_timeout': (p) => `Ingen skannade QR-koden inom ${Math.round((p.seconds || 180) / 60)} minuter. `
          + 'Vi bevakar vidare; logga in igen för att boka.',
      },
      errors: {
        unknown_location: (p) => 'En av provorterna finns inte hos Trafikverket'
          + (p.location ? `: ${p.location}.` : '.')
          + (p.suggestions && p.suggestions.length ? ` Närmast: ${list(p.suggestions)}.` : ' Kontrollera stavningen.'),
        booking_hindrance: () => 'Trafikverket låter dig inte boka det här provet just nu.',
        unknown_exam_type: () => 'Det provet går inte att boka för den behörigheten.',
        bankid_failed: () => 'BankID-inloggningen misslyckades eller avbröts. Försök igen.',
        browser_unavailable: () => 'Tjänsten har inte kapacitet just nu. Försök igen om en stund.',
        site_error: () => 'Trafikverkets bokning svarar inte som den ska. Försök igen senare.',
        internal_error: () => 'Något gick fel hos oss. Försök igen senare.',
        qr_timeout: (p) => `Tiden gick ut: ingen skannade QR-koden inom ${Math.round((p.seconds || 180) / 60)} minuter.`,
        dates_passed: () => 'Tiden gick ut: alla datum har passerat.',
        watch_ended: () => 'Bevakningen är slut: ingen ledig tid bokades innan den tog slut.',
        job_expired: () => 'Tiden gick ut.',
        cancelled: () => 'Jobbet avbröts.',
        attempts: (p) => ` (efter ${p.attempts} försök)`,
        other: () => 'Jobbet misslyckades.',
      },
    },
    en: {
      title: 'Book a driving test', dashboardLink: 'Operations', tokenLabel: 'API token (demo only)',
      tokenHint: 'In production the token never reaches the browser: your own server starts the job.',
      licence: 'Licence', examType: 'Test', drivingTest: 'Driving test', theoryTest: 'Theory test', vehicle: 'Car',
      manual: 'Manual', automatic: 'Automatic', places: 'Test locations (comma-separated)', dateFrom: 'From',
      dateTo: 'To', autoBook: 'Book the first free slot at once', more: 'More',
      userId: 'User id (empty: a fresh one for each job)', start: 'Start', edit: 'Edit',
      liveJob: 'A job is already running. Start waits until it is done.',
      restart: 'Cancel the job and start a new one',
      scanInstruction: 'Open the BankID app and scan the QR code', timeLeft: 'Time left',
      openHere: 'Open BankID on this device',
      orScan: '…or scan the QR code with BankID on another device',
      simScan: 'Scan with the simulated BankID app', simOpen: 'Open with the simulated BankID app',
      confirm: 'Book this slot', cancel: 'Cancel', again: 'New job', steps: 'Steps', language: 'Svenska',
      watchingNote: 'Watching for a slot: log in again to book.', resume: 'Log in again',
      watchUntil: (at) => `Provtid watches your test locations until ${moment(at)}.`,
      slotNotice: (p) => `A slot at ${p.location} on ${slot(p.date, p.time)} is free now: scan within `
        + `${within(p.scan_within_seconds)} to try for it.`,
      minutes: (n) => (n === 1 ? '1 minute' : `${n} minutes`), seconds: (n) => `${n} seconds`,
      payBy: (at) => `Pay by ${moment(at)} or the site cancels the booking.`,
      searchedTitle: 'Last searched', atClock: '',
      searched: {
        never: (place) => `${place}: not yet searched.`,
        recent: (place, at) => `${place}: searched at ${at}.`,
        stale: (place, at) => `Nobody has searched ${place} since ${at}.`,
      },
      connecting: 'Connecting…', live: 'Live', reconnecting: 'Connection lost, reconnecting…',
      renewing: 'Renewing the stream address…', closed: 'Done',
      months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
        'November', 'December'],
      held: (s, cost) => `Holding ${s.location} ${slot(s.date, s.time)}${cost} until ${clock(s.reservation_expires)}.`,
      booked: (r) => `Booked: ${r.location} ${slot(r.exam_date, r.exam_time)}. Confirmation ${r.confirmation_number}, booking ${r.booking_id}.`,
      scanned: 'Scanned: BankID approved the login.', opened: 'Opened: BankID approved the login.',
      refused: {
        stale: 'The BankID app refused: the code had grown too old. Try again.',
        already_used: 'The BankID app refused: this login was already approved.',
        unknown_order: 'The BankID app refused: there is no such login.',
        expired: 'The BankID app refused: the login has timed out.',
        other: 'The BankID app refused the login.',
      },
      needToken: 'Enter the API token.', needPlaces: 'Name at least one test location.',
      needDates: 'Enter both dates.', badToken: 'The API token is wrong.',
      busy: 'This user id already has a job running.', slowDown: 'Too many requests; try again shortly.',
      full: 'The queue is full; try again shortly.', unavailable: 'The service is unavailable; try again shortly.',
      jobFinal: 'The job has already finished.', notAwaiting: 'The job is not waiting for a confirmation.',
      notWatching: 'The job is no longer watching: it is logging in already or has moved on.',
      failedRequest: 'The server did not accept the request.',
      network: 'The server does not answer. Check the connection.', invalid: 'Check the fields:',
      fields: {
        user_id: 'User id', license_type: 'Licence', exam_type: 'Test', vehicle_type: 'Car',
        locations: 'Test locations', date_ranges: 'Dates', auto_book: 'Book at once', body: 'The form',
        location: (n) => `Test location ${n}`, range: (n) => `Date range ${n}`,
        rangeStart: (n) => `From date of date range ${n}`, rangeEnd: (n) => `To date of date range ${n}`,
        other: 'A field',
      },
      rules: {
        required: (f) => `${f} is required.`,
        type: (f) => `${f} has the wrong kind of value.`,
        iso_date: (f) => `${f} must be a date (YYYY-MM-DD).`,
        one_of: (f, p) => `${f} must be one of ${list(p.allowed)}.`,
        max_items: (f, p) => `${f} may hold at most ${p.max}.`,
        format: (f, p) => (p.max ? `${f} may be at most ${p.max} characters.` : `${f} has the wrong format.`),
        max_length: (f, p) => `${f} may be at most ${p.max} characters.`,
        unique: (f, p) => `${f}: ${p.value || 'the same place'} is named twice.`,
        known_place: (f, p) => (!p.location ? `${f} is not a test location we know.` : `${f}: “${p.location}” is not a test location we know.`)
          + (p.suggestions && p.suggestions.length ? ` Did you mean ${list(p.suggestions, 'or')}?` : ''),
        start_before_end: (f, p) => (p.start ? `${f}: the from date ${day(p.start)} is after the to date ${day(p.end)}.`
          : `${f}: the from date is after the to date.`),
        not_past: (f, p) => (p.start ? `${f}: ${day(p.start)}–${day(p.end)} has already passed.` : `${f} has already passed.`),
        other: (f) => `${f} has a value that is not accepted.`,
      },
      and: 'and', or: 'or',
      states: {
        queued: 'Queued', starting: 'Starting', authenticating: 'Waiting for BankID', searching: 'Searching for slots',
        reserving: 'Holding a slot', awaiting_confirmation: 'Waiting for your confirmation', booking: 'Booking',
        completed: 'Booked', failed: 'Failed', cancelled: 'Cancelled', expired: 'Timed out',
        watching: 'Watching for a slot',
      },
      steps_: {
        queued: () => 'The job waits for a free worker.',
        attempt_failed: (p) => `Attempt ${p.attempt} failed; trying again.`,
        worker_stopping: () => 'The server is restarting; the job waits for the next free worker.',
        lease_expired: () => 'The job lost its worker and is queued again.',
        opening_site: () => "Opening Trafikverket's booking site.",
        waiting_for_bankid: () => 'Log in with BankID.',
        logged_in: () => 'Logged in. Searching for slots.',
        site_slow_down: (p) => `Trafikverket asks us to slow down; waiting ${p.pause_seconds} seconds.`,
        site_unwell: () => "Trafikverket's booking site is unwell; waiting and trying again.",
        site_updating: () => "Trafikverket's booking site is updating; waiting.",
        reserving: (p) => `Holding ${p.location} ${slot(p.date, p.time)}.`,
        resuming_hold: (p) => `Taking up the hold on ${p.location} ${slot(p.date, p.time)} again.`,
        slot_taken: () => 'Someone else took the slot first; searching on.',
        slot_went_to_other_job: (p) => `A free slot, ${p.location} ${slot(p.date, p.time)}, went to another booking that was ahead in line; searching on.`,
        hold_lapsed: () => 'The hold ran out; searching on.',
        hold_ended_before_payment: () => 'The hold ended before the booking; searching on.',
        holding: (p) => `Holding ${p.location} ${slot(p.date, p.time)} until ${clock(p.until)}.`,
        booking: (p) => `Booking ${p.location} ${slot(p.date, p.time)}.`,
        found_paid_booking: () => 'The booking was already there, paid.',
        booked: (p) => `Booked: ${p.location} ${slot(p.date, p.time)}.`,
        cancelled: () => 'The job was cancelled.',
        failed: () => 'The job failed.',
        qr_timeout: (p) => `Nobody scanned the QR code within ${Math.round((p.seconds || 180) / 60)} minutes.`,
        dates_passed: () => 'Every date has passed.',
        login_required: (p) => 'Your login at the booking site has ended. We keep watching your test locations'
          + (p.watch_ends_at ? ` until ${moment(p.watch_ends_at)}` : '') + '; log in again to book.',
        slot_available: (p) => (p.location ? `A free slot: ${p.location} ${slot(p.date, p.time)}.` : 'A free slot came up.')
          + ' Logging in to try for it.',
        resumed: () => 'You are logging in again; the job waits for a free worker.',
        watch_ended: () => 'The watch has ended.',
        'watching:qr_timeout': (p) => `Nobody scanned the QR code within ${Math.round((p.seconds || 180) / 60)} minutes. `
          + 'We keep watching; log in again to book.',
      },
      errors: {
        unknown_location: (p) => "One of the test locations is not among Trafikverket's"
          + (p.location ? `: ${p.location}.` : '.')
          + (p.suggestions && p.suggestions.length ? ` Closest: ${list(p.suggestions)}.` : ' Check the spelling.'),
        booking_hindrance: () => 'Trafikverket does not let you book this test right now.',
        unknown_exam_type: () => 'That test cannot be booked for this licence.',
        bankid_failed: () => 'The BankID login failed or was cancelled. Please try again.',
        browser_unavailable: () => 'The service has no capacity right now. Try again shortly.',
        site_error: () => "Trafikverket's booking site is not answering properly. Try again later.",
        internal_error: () => 'Something went wrong on our side. Try again later.',
        qr_timeout: (p) => `Time ran out: nobody scanned the QR code within ${Math.round((p.seconds || 180) / 60)} minutes.`,
        dates_passed: () => 'Time ran out: every date has passed.',
        watch_ended: () => 'The watch has ended: no slot was booked before it ran out.',
        job_expired: () => 'Time ran out.',
        cancelled: () => 'The job was cancelled.',
        attempts: (p) => ` (after ${p.attempts} attempts)`,
        other: () => 'The job failed.',
      },
    },
  };
  const i18n = window.ProvtidI18n(TEXT, () => {
    renderSummary();
    if (view) render();
  });
  const t = i18n.t;
  const T = () => i18n.text();
  const ZONE = 'Europe/Stockholm';

  /** "18 december" from the site's Swedish local date YYYY-MM-DD (the year only when it is not this year's). */
  function day(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    if (!m) return '';
    const thisYear = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, year: 'numeric' }).format(new Date());
    return `${Number(m[3])} ${T().months[Number(m[2]) - 1]}${m[1] === thisYear ? '' : ' ' + m[1]}`;
  }

  /** "18 december 08:10": a slot's Swedish local date and time, as the site gives them. */
  function slot(date, time) {
    return `${day(date)} ${time || ''}`.trim();
  }

  /** "13:02": an instant (ISO UTC) as the clock in Sweden shows it. */
  function clock(iso) {
    const d = new Date(iso);
    return isNaN(d) ? '' : new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, hour: '2-digit', minute: '2-digit',
      hourCycle: 'h23' }).format(d);
  }

  /** "12 januari kl. 23:59" / "12 January 23:59": an instant as the date and clock in Sweden. */
  function moment(iso) {
    const d = new Date(iso);
    return isNaN(d) ? '' : `${day(swedishDate(d))} ${T().atClock}${clock(iso)}`;
  }

  /** The clock alone for an instant of today in Sweden ("kl. 10:42"), else its date too. */
  function since(iso) {
    const d = new Date(iso);
    return swedishDate(d) === swedishDate(new Date()) ? T().atClock + clock(iso) : moment(iso);
  }

  /** YYYY-MM-DD of an instant in Sweden (the sv-SE format is ISO). */
  function swedishDate(d) {
    return new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
      .format(d);
  }

  /** "2 minuter" for a whole number of minutes, else the seconds ("90 sekunder"); 2 minutes when not given. */
  function within(seconds) {
    const s = Number(seconds) > 0 ? Math.round(Number(seconds)) : 120;
    return s % 60 === 0 ? T().minutes(s / 60) : T().seconds(s);
  }

  /** "Uppsala, Stockholm och Malmö". */
  function list(items, word) {
    const a = (Array.isArray(items) ? items : []).map(String);
    const w = word === 'or' || word === 'eller' ? T().or : T().and;
    return a.length < 2 ? a.join('') : a.slice(0, -1).join(', ') + ' ' + w + ' ' + a[a.length - 1];
  }

  // ---------------------------------------------------------------------------------------------------------
  // 1. BACKEND HALF: belongs on your own server in production (it holds the API token).
  // ---------------------------------------------------------------------------------------------------------
  const TOKEN_KEY = 'provtid.apiToken';

  function apiToken() {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  }

  async function api(method, path, body) {
    const headers = { Authorization: 'Bearer ' + apiToken(), Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) {
      const err = new Error('HTTP ' + res.status); // the page words it by status and type, never by detail
      err.status = res.status;
      err.problem = json;
      throw err;
    }
    return json;
  }

  /** POST /api/v1/booking/start; answers {job_id, stream_url, ...}. Only stream_url needs to reach the browser. */
  function startJob(request) {
    return api('POST', '/api/v1/booking/start', request);
  }

  function cancelJob(jobId) {
    return api('POST', '/api/v1/booking/cancel/' + encodeURIComponent(jobId), { reason: 'Cancelled on the page' });
  }

  function confirmJob(jobId) {
    return api('POST', '/api/v1/booking/confirm/' + encodeURIComponent(jobId));
  }

  /** A watching job logs in again: 202 with the job view (now queued); its QR codes come on the same stream. */
  function resumeJob(jobId) {
    return api('POST', '/api/v1/booking/resume/' + encodeURIComponent(jobId));
  }

  /**
   * The status view: what the stream does not carry (searched_places with last_searched_at, watch_ends_at) and
   * what a reopened stream may have missed (offered_slot). A backend hands the browser only those fields.
   */
  function jobStatus(jobId) {
    return api('GET', '/api/v1/booking/status/' + encodeURIComponent(jobId));
  }

  /** A fresh stream_url once the old one's token has run out (STREAM_TOKEN_TTL). */
  async function renewStreamUrl(jobId) {
    return (await api('POST', '/api/v1/booking/stream-url/' + encodeURIComponent(jobId))).stream_url;
  }

  /** The place catalogue (GET /api/v1/places: {"places": [{"name": ...}]}); the simulator's places if it fails. */
  async function placeNames() {
    try {
      const res = await fetch('/api/v1/places', { headers: { Authorization: 'Bearer ' + apiToken() } });
      if (res.ok) {
        const body = await res.json();
        const list = Array.isArray(body) ? body : body && body.places;
        if (Array.isArray(list) && list.every((p) => p && typeof p.name === 'string')) return list.map((p) => p.name);
      }
    } catch (e) {
      // No catalogue: fall back below.
    }
    return FALLBACK_PLACES;
  }

  // ---------------------------------------------------------------------------------------------------------
  // 2. BROWSER HALF: follows a job with nothing but its stream_url.
  // ---------------------------------------------------------------------------------------------------------

  /**
   * Opens the job's Server-Sent Events and calls onEvent(type, envelope, id) for each event. The browser
   * reconnects by itself after a network drop and sends Last-Event-ID, so no step is lost. When the server
   * refuses a reconnect (the stream token ran out), renew() gives a fresh stream_url and the stream reopens.
   * The stream is closed after a final event: otherwise EventSource would reconnect forever.
   *
   * A watching job's stream stays open for days, far beyond the token's STREAM_TOKEN_TTL: the open connection
   * needs no token, but every reconnect after the first few minutes does, so renewal is the normal path, and a
   * renewal that fails is retried with a growing pause (never faster than every 3 s, at most every minute) rather
   * than hammering a server that is down. reopen() renews at once (before "Log in again", or when a phone wakes
   * up: a connection can die silently while a phone sleeps, and a watch has no events to notice it by).
   */
  function followJob(streamUrl, onEvent, onConnection, renew) {
    let source = null;
    let done = false;
    let pause = RETRY_MIN_MS;
    let retry = null;
    const types = ['status_update', 'qr_code_update', 'slots_found', 'login_required', 'slot_available']
      .concat(FINAL_EVENTS);

    function open(url) {
      clearTimeout(retry);
      if (source) source.close();
      onConnection('connecting');
      source = new EventSource(url);
      const mine = source;
      source.onopen = () => {
        pause = RETRY_MIN_MS;
        onConnection('live');
      };
      types.forEach((type) => source.addEventListener(type, (e) => {
        onEvent(type, JSON.parse(e.data), e.lastEventId);
        if (FINAL_EVENTS.includes(type)) stop();
      }));
      source.onerror = () => {
        if (done || mine !== source) return;
        if (source.readyState === EventSource.CONNECTING) {
          onConnection('reconnecting'); // the browser retries with Last-Event-ID
          return;
        }
        source.close(); // CLOSED: the server refused the reconnect, most likely an expired stream token
        renewAndOpen(url);
      };
    }

    async function renewAndOpen(fallbackUrl) {
      onConnection('renewing');
      try {
        const url = await renew();
        if (!done) open(url);
      } catch (e) {
        // The old URL may still open (a renewal can fail while its token is valid); if not, we come back here.
        const wait = pause;
        pause = Math.min(pause * 2, RETRY_MAX_MS);
        retry = setTimeout(() => { if (!done) open(fallbackUrl); }, wait);
      }
    }

    function stop() {
      done = true;
      clearTimeout(retry);
      if (source) source.close();
      onConnection('closed');
    }

    async function reopen() {
      if (done) return;
      try {
        open(await renew());
      } catch (e) {
        // Keep the stream as it is: it may well be alive, and its own errors lead to a renewal anyway.
      }
    }

    open(streamUrl);
    return { stop, reopen };
  }

  /** Draws the QR code of `payload` on the canvas, crisp at any size: one square per module, quiet zone of 4. */
  function drawQr(canvas, payload) {
    const qr = qrcode(0, 'L');
    qr.addData(payload);
    qr.make();
    const modules = qr.getModuleCount();
    const total = modules + 8;
    const cssSize = canvas.clientWidth || 280;
    const scale = Math.max(1, Math.floor((cssSize * (window.devicePixelRatio || 1)) / total));
    canvas.width = canvas.height = total * scale;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#000';
    for (let r = 0; r < modules; r++) {
      for (let c = 0; c < modules; c++) {
        if (qr.isDark(r, c)) ctx.fillRect((c + 4) * scale, (r + 4) * scale, scale, scale);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // The page: form, live view, buttons
  // ---------------------------------------------------------------------------------------------------------
  // {jobId, status, qr, autostartUrl, authSince, held, result, error, steps[], seen:Set,
  //  watchEndsAt, offered (the slot of a slot_available being logged in for), searched (searched_places)}
  let view = null;
  let follower = null;
  let connection = '';
  let simulator = false;
  let countdownTimer = null;
  let starting = false; // a start request is on its way
  let editing = false; // the form is open again while a job is shown
  let summary = null; // the request of the job shown, for the one-line summary
  let statusTimer = null; // the next read of the status view (searched places) while searching or watching
  let hiddenSince = 0; // when the tab was hidden: a phone back from a long sleep reopens a watching stream

  function fillDefaults() {
    LICENCES.forEach((l) => $('field-licence').add(new Option(l, l, l === 'B', l === 'B')));
    const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
    $('field-date-from').value = day(10);
    $('field-date-to').value = day(40);
    $('api-token').value = apiToken();
  }

  /** Suggestions for the comma-separated field: the typed prefix plus each place that matches the last name. */
  function suggest(names) {
    const input = $('field-locations');
    const list = $('place-suggestions');
    const update = () => {
      const parts = input.value.split(',');
      const last = parts.pop().trim().toLocaleLowerCase('sv');
      const chosen = parts.map((p) => p.trim().toLocaleLowerCase('sv'));
      const prefix = parts.length ? parts.map((p) => p.trim()).join(', ') + ', ' : '';
      list.replaceChildren(...names
        .filter((n) => n.toLocaleLowerCase('sv').startsWith(last) && !chosen.includes(n.toLocaleLowerCase('sv')))
        .slice(0, 20).map((n) => new Option(prefix + n)));
    };
    input.addEventListener('input', update);
    update();
  }

  function request() {
    const locations = $('field-locations').value.split(',').map((s) => s.trim()).filter(Boolean);
    const userId = $('field-user-id').value.trim() || 'web-' + crypto.randomUUID();
    return {
      user_id: userId,
      license_type: $('field-licence').value,
      exam_type: $('field-exam-type').value,
      vehicle_type: $('field-vehicle').value,
      locations,
      date_ranges: [{ start: $('field-date-from').value, end: $('field-date-to').value }],
      auto_book: $('field-auto-book').checked,
    };
  }

  /** The page's words for a field's wire path: date_ranges[0] → "Datumintervall 1", locations[1] → "Provort 2". */
  function fieldName(field) {
    const f = T().fields;
    let m = /^locations\[(\d+)\]$/.exec(field || '');
    if (m) return f.location(Number(m[1]) + 1);
    m = /^date_ranges\[(\d+)\](?:\.(start|end))?$/.exec(field || '');
    if (m) return (m[2] === 'start' ? f.rangeStart : m[2] === 'end' ? f.rangeEnd : f.range)(Number(m[1]) + 1);
    return typeof f[field] === 'string' ? f[field] : f.other;
  }

  /** One sentence per broken rule, from (field, rule, params); an unknown rule still names the field. */
  function fieldProblem(x) {
    const rules = T().rules;
    const rule = rules[x.rule] || rules.other;
    return rule(fieldName(x.field), x.params || {});
  }

  /** The page's sentence for a refused call: by status and problem type, never the server's English detail. */
  function problemText(e) {
    const type = ((e.problem && e.problem.type) || '').replace(/^.*\/problems\//, '');
    if (!e.status) return t('network');
    if (e.status === 401) return t('badToken');
    if (type === 'user-has-active-job') return t('busy');
    if (type === 'job-final') return t('jobFinal');
    if (type === 'job-not-awaiting-confirmation') return t('notAwaiting');
    if (type === 'not-watching') return t('notWatching');
    if (e.status === 429) return t('slowDown');
    if (type === 'queue-full') return t('full');
    if (e.status === 503) return t('unavailable');
    if (e.status === 400 && Array.isArray(e.problem.errors) && e.problem.errors.length) {
      return t('invalid') + ' ' + e.problem.errors.map(fieldProblem).join(' ');
    }
    return t('failedRequest');
  }

  /** A job of this page that is not final: Start waits for it (a second job is an explicit choice). */
  function live() {
    return !!view && !FINAL_STATES.includes(view.status);
  }

  async function onStart(ev) {
    ev.preventDefault();
    if (live()) return; // the button is disabled too; Enter in a field must not start a second job either
    await start();
  }

  async function start() {
    const formError = $('form-error');
    formError.hidden = true;
    sessionStorage.setItem(TOKEN_KEY, $('api-token').value.trim());
    const req = request();
    const missing = !apiToken() ? 'needToken' : !req.locations.length ? 'needPlaces'
      : !req.date_ranges[0].start || !req.date_ranges[0].end ? 'needDates' : null;
    if (missing) {
      formError.textContent = t(missing);
      formError.hidden = false;
      return;
    }
    starting = true;
    updateForm();
    try {
      const started = await startJob(req);
      begin(started.job_id, started.stream_url, req);
    } catch (e) {
      formError.textContent = problemText(e);
      formError.hidden = false;
    } finally {
      starting = false;
      updateForm();
    }
  }

  /** The explicit second job: the live one is cancelled first (and shown so), never left waiting with a browser. */
  async function restart() {
    if (live()) {
      try {
        await cancelJob(view.jobId);
      } catch (e) {
        if (!e.problem || !String(e.problem.type || '').endsWith('job-final')) {
          $('form-error').textContent = problemText(e);
          $('form-error').hidden = false;
          return;
        }
      }
    }
    await start();
  }

  function begin(jobId, streamUrl, req) {
    if (follower) follower.stop();
    clearTimeout(statusTimer);
    statusTimer = null;
    view = { jobId, status: 'queued', code: '', params: {}, steps: [], seen: new Set() };
    summary = req;
    editing = false;
    $('job').hidden = false;
    $('job').dataset.jobId = jobId;
    follower = followJob(streamUrl, onEvent, (c) => { connection = c; render(); }, () => renewStreamUrl(jobId));
    render();
    // Phone first: the person's next step (the BankID button or the QR) comes into view without scrolling.
    $('job').scrollIntoView({ block: 'start' });
  }

  function onEvent(type, envelope, id) {
    if (id && view.seen.has(id)) return; // a replay after a reconnect never shows a step twice
    if (id) view.seen.add(id);
    const data = envelope.data || {};
    switch (type) {
      case 'status_update': {
        const last = view.steps[view.steps.length - 1];
        const step = { status: data.status, code: data.code, params: data.params || {}, at: envelope.timestamp };
        if (!last || last.status !== data.status) {
          view.steps.push(step);
        } else {
          Object.assign(last, { code: step.code, params: step.params }); // news within the same step
        }
        if (data.status === 'authenticating' && view.status !== 'authenticating') {
          view.authSince = Date.parse(envelope.timestamp) || Date.now();
        }
        // A login that ended leaves its last QR code behind: never show it again at the next login.
        if (data.status !== 'authenticating') view.qr = null;
        if (!OFFER_STATES.includes(data.status)) view.offered = null; // the offered slot was tried, or lapsed
        if (step.params.watch_ends_at) view.watchEndsAt = step.params.watch_ends_at;
        view.status = data.status;
        break;
      }
      case 'login_required':
        view.watchEndsAt = (data.params || {}).watch_ends_at || view.watchEndsAt;
        break;
      case 'slot_available':
        view.offered = Object.assign({}, data.slot || {}, data.params || {});
        break;
      case 'qr_code_update':
        view.qr = data.qr_payload;
        view.qrImage = data.qr_code_data;
        view.autostartUrl = data.autostart_url;
        view.autostartToken = data.autostart_token;
        if (!view.authSince) view.authSince = Date.now();
        break;
      case 'slots_found':
        view.held = (data.slots || [])[0];
        break;
      case 'booking_completed':
        view.result = data.booking_result;
        // pay_by is in booking_result (as in the status view); an event carrying it beside booking_result counts too.
        if (view.result && data.pay_by && !view.result.pay_by) view.result = { ...view.result, pay_by: data.pay_by };
        break;
      case 'job_failed': {
        const err = data.error || {};
        view.error = { code: err.code, params: err.params || {} };
        break;
      }
      case 'job_cancelled':
        view.error = { code: 'cancelled', params: {} };
        break;
      case 'job_expired':
        view.error = { code: data.code || 'job_expired', params: data.params || {} };
        break;
      default:
        break;
    }
    render();
  }

  /**
   * A step's sentence from its code and params; '' for a code the page does not know (the status word stays). A
   * code can say something else in one status ("watching:qr_timeout": the watch goes on, the job did not end).
   */
  function stepText(step) {
    const f = T().steps_[step.status + ':' + step.code] || T().steps_[step.code];
    try {
      return f ? f(step.params || {}) : '';
    } catch (e) {
      return '';
    }
  }

  function errorText(error) {
    const errors = T().errors;
    const f = errors[error.code] || errors.other;
    const p = error.params || {};
    return f(p) + (p.attempts && errors[error.code] ? errors.attempts(p) : '');
  }

  /** Phone: the BankID app is on this device; a coarse pointer is the sign (and a mobile browser's own word). */
  function onPhone() {
    return window.matchMedia('(pointer: coarse)').matches || /Mobi|Android|iPhone|iPad/.test(navigator.userAgent);
  }

  function render() {
    if (!view) return;
    const s = view.status;
    $('job').dataset.status = s;
    $('job-status').textContent = s;
    $('job-status-label').textContent = T().states[s] || '';
    $('connection').textContent = connection ? t(connection) : '';
    const authenticating = s === 'authenticating' && view.qr;
    $('qr-box').hidden = !authenticating;
    if (authenticating) {
      $('qr-box').classList.toggle('same-device-first', onPhone());
      const here = $('autostart-button');
      here.hidden = !view.autostartUrl;
      if (view.autostartUrl) here.href = view.autostartUrl;
      $('or-scan').hidden = !view.autostartUrl || !onPhone();
      $('scan-instruction').hidden = !!view.autostartUrl && onPhone();
      try {
        drawQr($('qr'), view.qr);
        $('qr').hidden = false;
        $('qr-fallback').hidden = true;
      } catch (e) {
        // No encoder: the server's PNG is the fallback.
        $('qr').hidden = true;
        $('qr-fallback').src = view.qrImage;
        $('qr-fallback').hidden = false;
      }
      $('sim-scan-button').hidden = !simulator;
      $('sim-open-button').hidden = !simulator || !view.autostartToken;
    }
    tickCountdown();
    renderWatch();
    $('held-slot').hidden = !view.held || s === 'completed' || s === 'watching';
    if (view.held) $('held-slot').textContent = T().held(view.held, view.held.cost ? ` (${view.held.cost})` : '');
    $('booking-result').hidden = !view.result;
    if (view.result) $('booking-result').textContent = T().booked(view.result);
    // Under 18 and paid later by invoice: the site cancels the booking unless it is paid 25 h before the test.
    const payBy = view.result && view.result.pay_by;
    $('pay-by').hidden = !payBy;
    if (payBy) $('pay-by').textContent = T().payBy(payBy);
    $('error-message').hidden = !view.error;
    if (view.error) $('error-message').textContent = errorText(view.error);
    const final = FINAL_STATES.includes(s);
    $('cancel-button').hidden = final;
    $('confirm-button').hidden = s !== 'awaiting_confirmation';
    $('again-button').hidden = !final;
    $('timeline').replaceChildren(...view.steps.map((step) => {
      const li = document.createElement('li');
      li.dataset.status = step.status;
      if (step.code) li.dataset.code = step.code;
      const name = document.createElement('strong');
      name.textContent = T().states[step.status] || '';
      const when = document.createElement('time');
      when.textContent = clock(step.at);
      const msg = document.createElement('span');
      msg.textContent = stepText(step);
      li.append(name, ' ', when, ' ', msg);
      return li;
    }));
    updateForm();
    scheduleStatus();
  }

  /** The watch (log in again), a slot on offer, and the honest limits: which places anyone searched, and when. */
  function renderWatch() {
    const s = view.status;
    $('watch-box').hidden = s !== 'watching';
    $('watch-until').hidden = !view.watchEndsAt;
    if (view.watchEndsAt) $('watch-until').textContent = T().watchUntil(view.watchEndsAt);
    $('slot-notice').hidden = !view.offered || !view.offered.location;
    if (view.offered && view.offered.location) $('slot-notice').textContent = T().slotNotice(view.offered);
    const places = (s === 'searching' || s === 'watching') && Array.isArray(view.searched) ? view.searched : [];
    $('searched-box').hidden = !places.length;
    $('searched-places').replaceChildren(...places.map((p) => {
      const li = document.createElement('li');
      const at = Date.parse(p.last_searched_at);
      const stale = isNaN(at) || Date.now() - at > STALE_SEARCH_MS;
      li.dataset.location = p.location;
      li.dataset.stale = String(stale);
      const said = T().searched;
      li.textContent = isNaN(at) ? said.never(p.location) : (stale ? said.stale : said.recent)(p.location, since(p.last_searched_at));
      return li;
    }));
  }

  /** Reads the status view every STATUS_POLL_MS while the job searches or watches (not while the tab is hidden). */
  function scheduleStatus() {
    const wanted = view && ['searching', 'watching'].includes(view.status);
    if (!wanted) {
      clearTimeout(statusTimer);
      statusTimer = null;
    } else if (!statusTimer) {
      statusTimer = setTimeout(readStatus, view.searched === undefined ? 0 : STATUS_POLL_MS); // at once, the first time
    }
  }

  async function readStatus() {
    const mine = view;
    try {
      if (mine && !document.hidden) {
        const st = await jobStatus(mine.jobId);
        mine.searched = Array.isArray(st.searched_places) ? st.searched_places : null;
        if (st.watch_ends_at) mine.watchEndsAt = st.watch_ends_at;
        // A slot_available missed while the stream was down (a reopened stream starts from a snapshot).
        if (st.offered_slot && OFFER_STATES.includes(mine.status) && !mine.offered) mine.offered = st.offered_slot;
      }
    } catch (e) {
      // The next read tries again; the places are a help, not the job.
    }
    if (mine !== view) return; // a new job was started meanwhile: it has its own reads
    if (view.searched === undefined) view.searched = null;
    clearTimeout(statusTimer); // one loop only, even when a wake-up read overlapped a scheduled one
    statusTimer = null;
    render();
  }

  /**
   * "Log in again": a fresh stream first (its token ran out long ago on a long watch, and a sleeping phone may have
   * lost the connection without a word), then the resume call; the new QR code arrives on that stream.
   */
  async function resume() {
    const button = $('resume-button');
    button.disabled = true;
    try {
      await follower.reopen();
      await resumeJob(view.jobId);
    } catch (e) {
      $('error-message').textContent = problemText(e);
      $('error-message').hidden = false;
    } finally {
      button.disabled = false;
    }
  }

  /** While the page watches, a phone back from a long sleep reopens the stream and reads the places again. */
  function onVisibility() {
    if (document.hidden) {
      hiddenSince = Date.now();
      return;
    }
    if (view && view.status === 'watching' && follower && Date.now() - hiddenSince > WAKE_REOPEN_MS) {
      follower.reopen();
      clearTimeout(statusTimer);
      statusTimer = null;
      readStatus();
    }
  }

  /** While a job is shown the form folds into one line (phone first: the job's next step stays in view). */
  function updateForm() {
    const folded = !!view && !editing;
    $('start-form').hidden = folded;
    $('form-summary').hidden = !folded;
    $('start-button').disabled = starting || live();
    $('live-job').hidden = !live() || folded;
    renderSummary();
  }

  function renderSummary() {
    if (!summary) return;
    const r = summary.date_ranges[0];
    $('summary-text').textContent = `${summary.locations.join(', ')} · ${day(r.start)}–${day(r.end)} · `
      + `${summary.license_type} ${summary.exam_type === 'Körprov' ? t('drivingTest') : t('theoryTest')}`;
  }

  function tickCountdown() {
    const el = $('qr-countdown');
    if (!view || view.status !== 'authenticating' || !view.authSince) {
      el.textContent = '–';
      return;
    }
    const left = Math.max(0, Math.round(QR_TIMEOUT_SECONDS - (Date.now() - view.authSince) / 1000));
    el.textContent = Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
  }

  /** The simulated BankID app: scans the code on screen (/sim/bankid/scan) or opens by autostart token. */
  async function simApp(path, body, done) {
    const note = $('sim-scan-note');
    note.textContent = '';
    try {
      const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body) });
      const answer = await res.json().catch(() => ({}));
      const refused = T().refused;
      note.textContent = res.ok ? t(done) : refused[answer.reason] || refused.other;
    } catch (e) {
      note.textContent = t('network');
    }
  }

  async function act(fn) {
    try {
      await fn(view.jobId);
    } catch (e) {
      $('error-message').textContent = problemText(e);
      $('error-message').hidden = false;
    }
  }

  /** The simulated BankID app exists only where the simulator is on (dev, demo, test; never in prod). */
  async function detectSimulator() {
    try {
      simulator = (await fetch('/sim/admin/scenario')).ok;
    } catch (e) {
      simulator = false;
    }
    document.body.classList.toggle('with-simulator', simulator);
    render();
  }

  document.addEventListener('DOMContentLoaded', async () => {
    fillDefaults();
    i18n.start();
    $('start-form').addEventListener('submit', onStart);
    $('restart-button').addEventListener('click', restart);
    $('edit-button').addEventListener('click', () => {
      editing = true;
      updateForm();
      $('field-locations').focus();
    });
    $('sim-scan-button').addEventListener('click', () => simApp('/sim/bankid/scan', { qr: view.qr }, 'scanned'));
    $('sim-open-button').addEventListener('click',
      () => simApp('/sim/bankid/open', { autostart_token: view.autostartToken }, 'opened'));
    $('cancel-button').addEventListener('click', () => act(cancelJob));
    $('confirm-button').addEventListener('click', () => act(confirmJob));
    $('resume-button').addEventListener('click', resume);
    document.addEventListener('visibilitychange', onVisibility);
    $('again-button').addEventListener('click', () => {
      if (follower) follower.stop();
      clearTimeout(statusTimer);
      statusTimer = null;
      view = null;
      editing = false;
      $('job').hidden = true;
      updateForm();
    });
    $('api-token').addEventListener('change', () => sessionStorage.setItem(TOKEN_KEY, $('api-token').value.trim()));
    countdownTimer = setInterval(tickCountdown, 1000);
    detectSimulator();
    suggest(await placeNames());
  });
})();
