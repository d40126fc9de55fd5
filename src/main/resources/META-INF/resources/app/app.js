// Provtid reference frontend: start a booking job and follow it live (QR, steps, result).
//
// The file has two halves, on purpose:
//   1. BACKEND HALF (startJob, cancelJob, confirmJob, renewStreamUrl): these calls carry the API token, a
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
  const LICENCES = ['B', 'B96', 'BE', 'AM', 'A1', 'A2', 'A', 'C1', 'C1E', 'C', 'CE', 'D1', 'D1E', 'D', 'DE',
    'Traktor', 'Taxi'];
  // The simulator's places: suggestions when the API offers no place catalogue.
  const FALLBACK_PLACES = ['Stockholm', 'Uppsala', 'Göteborg', 'Malmö', 'Linköping', 'Gävle', 'Skövde', 'Örebro',
    'Västerås', 'Umeå', 'Jönköping', 'Norrköping', 'Helsingborg', 'Karlstad', 'Sundsvall', 'Luleå'];

  // ---------------------------------------------------------------------------------------------------------
  // Texts (Swedish and English)
  // ---------------------------------------------------------------------------------------------------------
  const TEXT = {
    sv: {
      title: 'Boka uppkörning', dashboardLink: 'Driftvy', tokenLabel: 'API-nyckel (bara i demo)',
      tokenHint: 'I produktion når nyckeln aldrig webbläsaren: din egen server startar jobbet.',
      licence: 'Behörighet', examType: 'Prov', drivingTest: 'Körprov', theoryTest: 'Kunskapsprov', vehicle: 'Bil',
      manual: 'Manuell', automatic: 'Automat', places: 'Provorter (kommaseparerade)', dateFrom: 'Från',
      dateTo: 'Till', autoBook: 'Boka första lediga tid direkt', more: 'Mer',
      userId: 'Användar-id (tomt: ett nytt för varje jobb)', start: 'Starta',
      scanInstruction: 'Starta BankID-appen och skanna QR-koden', timeLeft: 'Tid kvar',
      simScan: 'Skanna med den simulerade BankID-appen', confirm: 'Boka den här tiden', cancel: 'Avbryt',
      again: 'Nytt jobb', steps: 'Steg', language: 'English',
      connecting: 'Ansluter…', live: 'Live', reconnecting: 'Tappade anslutningen, återansluter…',
      renewing: 'Förnyar strömmens adress…', closed: 'Klart',
      held: (s) => `Vi håller ${s.location} ${s.date} kl. ${s.time} (${s.cost || ''}) till ${clock(s.reservation_expires)}.`,
      booked: (r) => `Bokat: ${r.location} ${r.exam_date} kl. ${r.exam_time}. Bekräftelse ${r.confirmation_number}, bokning ${r.booking_id}.`,
      scanned: 'Skannad: BankID godkände inloggningen.', scanRefused: 'BankID-appen nekade: ',
      needToken: 'Fyll i API-nyckeln.', needPlaces: 'Ange minst en provort.', needDates: 'Ange båda datumen.',
      badToken: 'API-nyckeln stämmer inte.', busy: 'Det här användar-id:t har redan ett pågående jobb.',
      slowDown: 'För många anrop; försök igen om en stund.', full: 'Kön är full; försök igen om en stund.',
      network: 'Servern svarar inte. Kontrollera anslutningen.', invalid: 'Kontrollera fälten: ',
      states: {
        queued: 'I kö', starting: 'Startar', authenticating: 'Väntar på BankID', searching: 'Söker lediga tider',
        reserving: 'Reserverar tid', awaiting_confirmation: 'Väntar på din bekräftelse', booking: 'Bokar',
        completed: 'Bokat', failed: 'Misslyckades', cancelled: 'Avbrutet', expired: 'Tiden gick ut',
      },
      errors: {
        unknown_location: 'En av provorterna finns inte. Kontrollera stavningen.',
        booking_hindrance: 'Trafikverket låter dig inte boka det här provet just nu.',
        unknown_exam_type: 'Det provet går inte att boka för den behörigheten.',
        bankid_failed: 'BankID-inloggningen misslyckades eller avbröts. Försök igen.',
        browser_unavailable: 'Tjänsten har inte kapacitet just nu. Försök igen om en stund.',
        site_error: 'Trafikverkets bokning svarar inte som den ska. Försök igen senare.',
        internal_error: 'Något gick fel hos oss. Försök igen senare.',
        job_expired: 'Tiden gick ut: ingen skannade QR-koden i tid, eller alla datum har passerat.',
        job_cancelled: 'Jobbet avbröts.',
        other: 'Jobbet misslyckades.',
      },
    },
    en: {
      title: 'Book a driving test', dashboardLink: 'Operations', tokenLabel: 'API token (demo only)',
      tokenHint: 'In production the token never reaches the browser: your own server starts the job.',
      licence: 'Licence', examType: 'Test', drivingTest: 'Driving test', theoryTest: 'Theory test', vehicle: 'Car',
      manual: 'Manual', automatic: 'Automatic', places: 'Test locations (comma-separated)', dateFrom: 'From',
      dateTo: 'To', autoBook: 'Book the first free slot at once', more: 'More',
      userId: 'User id (empty: a fresh one for each job)', start: 'Start',
      scanInstruction: 'Starta BankID-appen och skanna QR-koden (open the BankID app and scan the QR code)',
      timeLeft: 'Time left', simScan: 'Scan with the simulated BankID app', confirm: 'Book this slot',
      cancel: 'Cancel', again: 'New job', steps: 'Steps', language: 'Svenska',
      connecting: 'Connecting…', live: 'Live', reconnecting: 'Connection lost, reconnecting…',
      renewing: 'Renewing the stream address…', closed: 'Done',
      held: (s) => `Holding ${s.location} ${s.date} at ${s.time} (${s.cost || ''}) until ${clock(s.reservation_expires)}.`,
      booked: (r) => `Booked: ${r.location} ${r.exam_date} at ${r.exam_time}. Confirmation ${r.confirmation_number}, booking ${r.booking_id}.`,
      scanned: 'Scanned: BankID approved the login.', scanRefused: 'The BankID app refused: ',
      needToken: 'Enter the API token.', needPlaces: 'Name at least one test location.',
      needDates: 'Enter both dates.', badToken: 'The API token is wrong.',
      busy: 'This user id already has a job running.', slowDown: 'Too many requests; try again shortly.',
      full: 'The queue is full; try again shortly.', network: 'The server does not answer. Check the connection.',
      invalid: 'Check the fields: ',
      states: {
        queued: 'Queued', starting: 'Starting', authenticating: 'Waiting for BankID', searching: 'Searching for slots',
        reserving: 'Holding a slot', awaiting_confirmation: 'Waiting for your confirmation', booking: 'Booking',
        completed: 'Booked', failed: 'Failed', cancelled: 'Cancelled', expired: 'Timed out',
      },
      errors: {
        unknown_location: 'One of the test locations does not exist. Check the spelling.',
        booking_hindrance: 'Trafikverket does not let you book this test right now.',
        unknown_exam_type: 'That test cannot be booked for this licence.',
        bankid_failed: 'The BankID login failed or was cancelled. Please try again.',
        browser_unavailable: 'The service has no capacity right now. Try again shortly.',
        site_error: "Trafikverket's booking site is not answering properly. Try again later.",
        internal_error: 'Something went wrong on our side. Try again later.',
        job_expired: 'Time ran out: nobody scanned the QR code in time, or every date has passed.',
        job_cancelled: 'The job was cancelled.',
        other: 'The job failed.',
      },
    },
  };
  const i18n = window.ProvtidI18n(TEXT, () => {
    if (view) render();
  });
  const t = i18n.t;

  function clock(iso) {
    const d = new Date(iso);
    return isNaN(d) ? '' : d.toLocaleTimeString(i18n.lang === 'sv' ? 'sv-SE' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
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
      const err = new Error(json.detail || res.statusText);
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
   */
  function followJob(streamUrl, onEvent, onConnection, renew) {
    let source = null;
    let done = false;
    const types = ['status_update', 'qr_code_update', 'slots_found'].concat(FINAL_EVENTS);

    function open(url) {
      onConnection('connecting');
      source = new EventSource(url);
      source.onopen = () => onConnection('live');
      types.forEach((type) => source.addEventListener(type, (e) => {
        onEvent(type, JSON.parse(e.data), e.lastEventId);
        if (FINAL_EVENTS.includes(type)) stop();
      }));
      source.onerror = async () => {
        if (done) return;
        if (source.readyState === EventSource.CONNECTING) {
          onConnection('reconnecting'); // the browser retries with Last-Event-ID
          return;
        }
        source.close(); // CLOSED: the server refused the reconnect, most likely an expired stream token
        onConnection('renewing');
        try {
          open(await renew());
        } catch (e) {
          setTimeout(() => { if (!done) open(url); }, 3000);
        }
      };
    }

    function stop() {
      done = true;
      if (source) source.close();
      onConnection('closed');
    }

    open(streamUrl);
    return { stop };
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
  let view = null; // {jobId, status, message, qr, qrFrame, authSince, held, result, error, steps[], seen:Set}
  let follower = null;
  let connection = '';
  let simulator = false;
  let countdownTimer = null;

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

  function problemText(e) {
    if (!e.status) return t('network');
    if (e.status === 401) return t('badToken');
    if (e.status === 409 && e.problem.type && e.problem.type.endsWith('user-has-active-job')) return t('busy');
    if (e.status === 429) return t('slowDown');
    if (e.status === 503) return t('full');
    if (e.status === 400 && Array.isArray(e.problem.errors)) {
      return t('invalid') + e.problem.errors.map((x) => x.detail).join(' ');
    }
    return e.problem && e.problem.detail ? e.problem.detail : t('network');
  }

  async function onStart(ev) {
    ev.preventDefault();
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
    $('start-button').disabled = true;
    try {
      const started = await startJob(req);
      begin(started.job_id, started.stream_url);
    } catch (e) {
      formError.textContent = problemText(e);
      formError.hidden = false;
    } finally {
      $('start-button').disabled = false;
    }
  }

  function begin(jobId, streamUrl) {
    if (follower) follower.stop();
    view = { jobId, status: 'queued', message: '', steps: [], seen: new Set() };
    $('job').hidden = false;
    $('job').dataset.jobId = jobId;
    follower = followJob(streamUrl, onEvent, (c) => { connection = c; render(); }, () => renewStreamUrl(jobId));
    render();
  }

  function onEvent(type, envelope, id) {
    if (id && view.seen.has(id)) return; // a replay after a reconnect never shows a step twice
    if (id) view.seen.add(id);
    const data = envelope.data || {};
    switch (type) {
      case 'status_update': {
        const last = view.steps[view.steps.length - 1];
        if (!last || last.status !== data.status) {
          view.steps.push({ status: data.status, message: data.message, at: envelope.timestamp });
        } else {
          last.message = data.message; // news within the same step
        }
        if (data.status === 'authenticating' && view.status !== 'authenticating') {
          view.authSince = Date.parse(envelope.timestamp) || Date.now();
        }
        view.status = data.status;
        view.message = data.message;
        break;
      }
      case 'qr_code_update':
        view.qr = data.qr_payload;
        view.qrImage = data.qr_code_data;
        if (!view.authSince) view.authSince = Date.now();
        break;
      case 'slots_found':
        view.held = (data.slots || [])[0];
        break;
      case 'booking_completed':
        view.result = data.booking_result;
        break;
      case 'job_failed':
        view.error = { code: (data.error || {}).code, detail: (data.error || {}).message };
        break;
      case 'job_cancelled':
      case 'job_expired':
        view.error = { code: type, detail: data.message };
        break;
      default:
        break;
    }
    render();
  }

  function render() {
    if (!view) return;
    const s = view.status;
    $('job-status').textContent = s;
    $('job-status-label').textContent = i18n.text().states[s] || '';
    $('connection').textContent = connection ? t(connection) : '';
    const authenticating = s === 'authenticating' && view.qr;
    $('qr-box').hidden = !authenticating;
    if (authenticating) {
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
    }
    tickCountdown();
    $('held-slot').hidden = !view.held || s === 'completed';
    if (view.held) $('held-slot').textContent = i18n.text().held(view.held);
    $('booking-result').hidden = !view.result;
    if (view.result) $('booking-result').textContent = i18n.text().booked(view.result);
    $('error-message').hidden = !view.error;
    if (view.error) {
      const sentence = i18n.text().errors[view.error.code] || i18n.text().errors.other;
      $('error-message').textContent = sentence + (view.error.detail ? ' (' + view.error.detail + ')' : '');
    }
    const final = FINAL_STATES.includes(s);
    $('cancel-button').hidden = final;
    $('confirm-button').hidden = s !== 'awaiting_confirmation';
    $('again-button').hidden = !final;
    $('timeline').replaceChildren(...view.steps.map((step) => {
      const li = document.createElement('li');
      li.dataset.status = step.status;
      const name = document.createElement('strong');
      name.textContent = i18n.text().states[step.status] || step.status;
      const when = document.createElement('time');
      when.textContent = clock(step.at);
      const msg = document.createElement('span');
      msg.textContent = step.message || '';
      li.append(name, ' ', when, ' ', msg);
      return li;
    }));
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

  async function simScan() {
    const note = $('sim-scan-note');
    note.textContent = '';
    try {
      const res = await fetch('/sim/bankid/scan', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ qr: view.qr }) });
      const body = await res.json().catch(() => ({}));
      note.textContent = res.ok ? t('scanned') : t('scanRefused') + (body.detail || res.status);
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
    $('sim-scan-button').addEventListener('click', simScan);
    $('cancel-button').addEventListener('click', () => act(cancelJob));
    $('confirm-button').addEventListener('click', () => act(confirmJob));
    $('again-button').addEventListener('click', () => {
      if (follower) follower.stop();
      view = null;
      $('job').hidden = true;
    });
    $('api-token').addEventListener('change', () => sessionStorage.setItem(TOKEN_KEY, $('api-token').value.trim()));
    countdownTimer = setInterval(tickCountdown, 1000);
    detectSimulator();
    suggest(await placeNames());
  });
})();
