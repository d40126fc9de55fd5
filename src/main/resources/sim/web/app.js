/* Boka prov simulator: the single-page app. Plain JS, no framework; every server text goes in via text nodes. */
'use strict';
(() => {
  const LICENCE_B = 5, MANUAL = 2, MAX_LOCATIONS = 4, POLL_MS = 1000, QR_SCALE = 6, QR_QUIET = 4;
  const TAKEN = 'inte var tillgänglig längre';

  const state = {
    loggedIn: false, updating: false, ssn: sessionStorage.getItem('trv-ssn'),
    licences: [], licenceId: LICENCE_B, info: null, examinationTypeId: null, vehicleTypeId: MANUAL,
    chosen: [], results: null, cart: null, view: 'search', payment: null, confirmation: null, exams: null,
    deepLink: parseDeepLink(location.pathname),
  };
  let busyCount = 0, loginRun = 0, searchRun = 0, cartTimer = null;
  const $ = (sel) => document.querySelector(sel);

  // ---------- DOM helpers ----------
  function h(tag, props, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'class') e.className = v;
      else if (k === 'value' || k === 'selected' || k === 'disabled') e[k] = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid != null && kid !== false) e.append(kid instanceof Node ? kid : String(kid));
    }
    return e;
  }
  const button = (props, text) => h('button', { type: 'button', ...props }, text);

  function showMessage(text, kind = 'error') {
    $('#message-outlet').replaceChildren(h('div', { class: `alert alert-${kind}`, role: 'alert' },
      h('span', { class: 'alert-text' }, text), button({ class: 'btn btn-link', onclick: clearMessage }, 'Stäng')));
  }
  function clearMessage() { $('#message-outlet').replaceChildren(); }
  function showError(err) { if (err && err.status !== 401) showMessage(err.message || 'Något gick fel.'); }

  function setBusy(delta) {
    busyCount = Math.max(0, busyCount + delta);
    const loader = $('.loader-container');
    if (busyCount > 0 && !loader) {
      document.body.append(h('div', { class: 'loader-container', role: 'status', 'aria-label': 'Laddar' },
        h('div', { class: 'spinner' })));
    } else if (busyCount === 0 && loader) {
      loader.remove();
    }
  }

  // ---------- Server calls ----------
  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function api(name, body = null, quiet = false) {
    if (!quiet) setBusy(1);
    try {
      const res = await fetch('/Boka/' + name, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
        body: JSON.stringify(body),
      });
      let env;
      try { env = await res.json(); } catch { throw new ApiError(res.status, 'Tjänsten svarade inte som väntat.'); }
      if (env && env.status === 200) return env.data;
      const status = (env && env.status) || res.status;
      const message = (env && env.data && env.data.message) || 'Något gick fel. Försök igen.';
      if (status === 401 && state.loggedIn) loggedOut(message);
      throw new ApiError(status, message);
    } finally {
      if (!quiet) setBusy(-1);
    }
  }

  function bookingSession() {
    return {
      socialSecurityNumber: state.ssn, licenceId: state.licenceId, bookingModeId: 0, ignoreDebt: false,
      ignoreBookingHindrance: false, examinationTypeId: state.examinationTypeId, excludeExaminationCategories: [],
      rescheduleTypeId: 0, paymentIsActive: false, paymentReference: null, paymentUrl: null, searchedMonths: 0,
    };
  }

  // ---------- Formatting ----------
  function todayIso() {
    return new Date().toLocaleDateString('sv-SE') + 'T00:00:00.000Z'; // local date, as the real app sends it
  }
  function formatClock(iso) {
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toLocaleTimeString('sv-SE', { hour: '2-digit', minute: '2-digit' });
  }
  function formatCost(n) { return typeof n === 'number' ? `${n.toLocaleString('sv-SE')} kr` : String(n ?? ''); }
  function countdownText(iso) {
    const left = Math.max(0, Math.floor((new Date(iso) - Date.now()) / 1000));
    return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')} kvar`;
  }
  function occasionLine(o) {
    return h('div', { class: 'occasion', 'data-examination-id': o.examinationId },
      h('span', { class: 'occasion-name' }, o.name),
      h('span', { class: 'occasion-date' }, o.date),
      h('span', { class: 'occasion-time' }, 'kl. ', o.time),
      h('span', { class: 'occasion-location' }, o.locationName),
      h('span', { class: 'occasion-cost' }, o.costText ?? formatCost(o.cost)));
  }

  // ---------- Cookie banner and system status ----------
  function initCookieBanner() {
    if (document.cookie.split(/;\s*/).some((c) => c.startsWith('TrvCookieConsent='))) return;
    const banner = h('div', { id: 'cookie-banner', class: 'cookie-banner', role: 'region', 'aria-label': 'Kakor' },
      h('p', {}, 'Vi använder nödvändiga kakor (cookies) för att tjänsten ska fungera.'),
      button({
        class: 'btn btn-primary',
        onclick: () => { document.cookie = 'TrvCookieConsent=necessary; path=/'; banner.remove(); },
      }, 'Godkänn nödvändiga'));
    $('#cookie-outlet').replaceChildren(banner);
  }

  /** While the site says it is updating, actions stay disabled and the status is checked again every 30 s. */
  async function checkSystemUpdating() {
    const was = state.updating;
    try { state.updating = (await api('is-system-updating', null, true)) === true; } catch { state.updating = false; }
    if (state.updating) setTimeout(checkSystemUpdating, 30000);
    if (was && !state.updating) render();
  }

  // ---------- Dialogs and login ----------
  function showDialog(content) {
    loginRun++;
    $('#dialog-outlet').replaceChildren(h('div', { class: 'dialog-backdrop' }, content));
  }
  function closeDialog() {
    loginRun++;
    $('#dialog-outlet').replaceChildren();
  }

  function openInfoDialog() {
    showDialog(h('div', { class: 'dialog', role: 'dialog', 'aria-modal': 'true' },
      h('h2', {}, 'Logga in'),
      h('p', {}, 'För att boka, omboka eller avboka prov behöver du logga in med e-legitimation.'),
      h('div', { class: 'dialog-actions' },
        button({ class: 'btn btn-primary', onclick: openLoginDialog }, 'Fortsätt'),
        button({ class: 'btn btn-secondary', onclick: closeDialog }, 'Stäng'))));
  }

  function openLoginDialog() {
    const content = h('div', { class: 'login-content' });
    showLoginMethods(content);
    showDialog(h('app-login-dialog', { role: 'dialog', 'aria-modal': 'true' },
      h('h2', {}, 'Välj inloggningsmetod'), content));
  }

  function showLoginMethods(content) {
    const note = h('p', { class: 'dialog-note' });
    content.replaceChildren(
      h('div', { class: 'login-methods' },
        button({ class: 'btn btn-primary', onclick: () => startBankId(content) }, 'Mobilt BankID'),
        button({ class: 'btn btn-secondary', onclick: () => { note.textContent = 'Engångskod är inte tillgängligt i simulatorn'; } },
          'Engångskod')),
      note,
      h('div', { class: 'dialog-actions' }, button({ class: 'btn btn-secondary', onclick: closeDialog }, 'Stäng')));
  }

  async function startBankId(content) {
    const run = ++loginRun;
    content.replaceChildren(h('p', {}, 'Startar BankID …'));
    let order;
    try { order = await api('begin-authentication'); } catch { if (run === loginRun) loginFailed(content); return; }
    if (run !== loginRun) return;
    const canvas = h('canvas', { 'aria-label': 'QR-kod för BankID' });
    content.replaceChildren(
      h('div', { class: 'qrcode' }, canvas),
      h('p', { class: 'qr-instruction' }, 'Starta BankID-appen och skanna QR-koden'),
      h('a', { class: 'bankid-link', href: `bankid:///?autostarttoken=${encodeURIComponent(order.autostartToken)}&redirect=null` },
        'Öppna BankID på den här enheten'),
      h('div', { class: 'dialog-actions' }, button({ class: 'btn btn-secondary', onclick: closeDialog }, 'Avbryt')));
    drawQr(canvas, order.qrCode);
    pollLogin(run, order, canvas, content, POLL_MS);
  }

  function pollLogin(run, order, canvas, content, delay) {
    setTimeout(async () => {
      if (run !== loginRun) return;
      const started = Date.now();
      let status;
      try {
        status = await api('check-authentication-status-qr', {
          referenceId: order.referenceId, qrStartToken: order.qrStartToken,
          qrStartTime: order.qrStartTime, qrStartSecret: order.qrStartSecret,
        }, true);
      } catch {
        if (run === loginRun) loginFailed(content);
        return;
      }
      if (run !== loginRun) return;
      if (status.qrCode) drawQr(canvas, status.qrCode);
      if (status.collectionStatus === 'Completed') return loginCompleted(status.loginStatus);
      if (status.collectionStatus === 'Failed') return loginFailed(content);
      pollLogin(run, order, canvas, content, Math.max(0, POLL_MS - (Date.now() - started)));
    }, delay);
  }

  function drawQr(canvas, text) {
    const qr = qrcode(0, 'L');
    qr.addData(String(text));
    qr.make();
    const modules = qr.getModuleCount(), size = (modules + 2 * QR_QUIET) * QR_SCALE;
    canvas.width = canvas.height = size; // resizing also clears the canvas
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, size, size);
    ctx.fillStyle = '#000000';
    for (let r = 0; r < modules; r++) {
      for (let c = 0; c < modules; c++) {
        if (qr.isDark(r, c)) ctx.fillRect((c + QR_QUIET) * QR_SCALE, (r + QR_QUIET) * QR_SCALE, QR_SCALE, QR_SCALE);
      }
    }
  }

  function loginFailed(content) {
    loginRun++;
    content.replaceChildren(
      h('p', { class: 'alert alert-error', role: 'alert' }, 'Inloggningen misslyckades'),
      h('div', { class: 'dialog-actions' },
        button({ class: 'btn btn-primary', onclick: () => startBankId(content) }, 'Försök igen'),
        button({ class: 'btn btn-secondary', onclick: closeDialog }, 'Avbryt')));
  }

  function loginCompleted(ssn) {
    if (ssn) sessionStorage.setItem('trv-ssn', (state.ssn = ssn));
    closeDialog();
    enterLoggedIn();
  }

  async function logout() {
    try { await api('sign-out'); } catch { /* signed out either way */ }
    loggedOut();
  }

  function loggedOut(message) {
    Object.assign(state, { loggedIn: false, ssn: null, info: null, results: null, cart: null, payment: null,
      confirmation: null, exams: null, chosen: [], view: 'search' });
    sessionStorage.removeItem('trv-ssn');
    searchRun++;
    closeDialog();
    render();
    if (message) showMessage(message, 'info');
  }

  // ---------- Logged in: search data ----------
  async function enterLoggedIn() {
    state.loggedIn = true;
    state.view = 'search';
    clearMessage();
    render();
    try {
      state.licences = (await api('licence-information')) || [];
      applyDeepLink();
      if (!state.licences.some((l) => l.licenceId === state.licenceId) && state.licences.length) {
        state.licenceId = state.licences[0].licenceId;
      }
      await loadSearchInformation();
      await restoreReservations();
    } catch (err) {
      showError(err);
    }
    render();
  }

  function parseDeepLink(path) {
    const m = /\/Boka\/ng\/search\/[^/]+\/(\d+)\/(\d+)(?:\/|$)/i.exec(path);
    return m ? { licenceId: Number(m[1]), examinationTypeId: Number(m[2]) } : null;
  }

  function applyDeepLink() {
    const link = state.deepLink;
    state.deepLink = null;
    if (!link) return;
    if (state.licences.some((l) => l.licenceId === link.licenceId)) state.licenceId = link.licenceId;
    state.examinationTypeId = link.examinationTypeId; // kept only if search-information offers it
  }

  async function loadSearchInformation() {
    const info = await api('search-information', { bookingSession: bookingSession() });
    state.info = info || {};
    const types = state.info.examinationTypes || [];
    if (!types.some((t) => t.id === state.examinationTypeId)) state.examinationTypeId = types.length ? types[0].id : null;
    const known = new Set((state.info.locations || []).map((l) => l.id));
    state.chosen = state.chosen.filter((id) => known.has(id));
    if (state.info.hindranceMessage) showMessage(state.info.hindranceMessage, 'warning');
  }

  async function restoreReservations() {
    const held = (await api('get-active-reservations')) || [];
    if (!held.length) return;
    const occasions = held.map((r) => r.occasion || r);
    const expires = held.map((r) => r.reservationExpires).sort()[0];
    state.cart = { occasions, reservationExpires: expires, bundleReservation: { occasions, reservationExpires: expires } };
  }

  function vehicleTypes() {
    const list = state.info && state.info.vehicleTypes;
    return list && list.length ? list : [{ id: 2, name: 'Manuell bil' }, { id: 4, name: 'Automatbil' }];
  }

  function locationName(id) {
    const loc = ((state.info && state.info.locations) || []).find((l) => l.id === id);
    return loc ? loc.name : String(id);
  }

  async function onLicenceChange(id) {
    state.licenceId = id;
    state.results = null;
    try { await loadSearchInformation(); } catch (err) { showError(err); }
    render();
    if (state.chosen.length) runSearch();
  }

  function onSearchFieldChange(field, id) {
    state[field] = id;
    if (state.chosen.length) runSearch(); else render();
  }

  // ---------- Location dialog ----------
  function locationButtonText() { return `Välj provort (${state.chosen.length}/${MAX_LOCATIONS})`; }

  function openLocationDialog() {
    const input = h('input', { id: 'location-search-input', type: 'text', class: 'form-control',
      placeholder: 'Sök provort', autocomplete: 'off', 'aria-label': 'Sök provort' });
    const list = h('div', { class: 'location-list', role: 'listbox', 'aria-multiselectable': 'true' });
    const note = h('p', { class: 'location-count' });
    const refreshCount = (warning) => {
      note.textContent = warning || `Valda provorter: ${state.chosen.length} av ${MAX_LOCATIONS}`;
      const pageButton = $('#select-location-search');
      if (pageButton) pageButton.textContent = locationButtonText();
    };
    const refreshList = () => {
      const q = input.value.trim().toLocaleLowerCase('sv');
      const locations = [...((state.info && state.info.locations) || [])]
        .filter((l) => String(l.name).toLocaleLowerCase('sv').includes(q))
        .sort((a, b) => String(a.name).localeCompare(String(b.name), 'sv'));
      list.replaceChildren(...locations.map((l) => locationItem(l, refreshCount)));
    };
    input.addEventListener('input', refreshList);
    showDialog(h('app-location-select-dialog', { role: 'dialog', 'aria-modal': 'true' },
      h('h2', {}, 'Välj provort'),
      h('p', {}, `Du kan välja upp till ${MAX_LOCATIONS} provorter.`),
      input, note, list,
      h('div', { class: 'dialog-actions' },
        button({ class: 'btn btn-primary', onclick: confirmLocations }, 'Bekräfta'),
        button({ class: 'btn btn-secondary', onclick: () => { closeDialog(); render(); } }, 'Stäng'))));
    refreshList();
    refreshCount();
    input.focus();
  }

  /** One location row; it repaints itself in place so handles held by a script stay valid. */
  function locationItem(loc, refreshCount) {
    const item = h('div', { class: 'select-item mb-2', role: 'option', tabindex: '0', 'data-location-id': loc.id });
    const paint = () => {
      const on = state.chosen.includes(loc.id);
      item.classList.toggle('selected', on);
      item.setAttribute('aria-selected', String(on));
      item.replaceChildren(h('span', { class: 'select-item-name' }, loc.name));
      if (on) item.append(button({ class: 'btn btn-link', onclick: (e) => { e.stopPropagation(); toggle(false); } }, 'Ta bort'));
    };
    const toggle = (want) => {
      const on = state.chosen.includes(loc.id);
      if (want === on) return;
      if (want && state.chosen.length >= MAX_LOCATIONS) {
        refreshCount(`Du kan välja högst ${MAX_LOCATIONS} provorter.`);
        return;
      }
      state.chosen = want ? [...state.chosen, loc.id] : state.chosen.filter((id) => id !== loc.id);
      paint();
      refreshCount();
    };
    item.addEventListener('click', () => toggle(!state.chosen.includes(loc.id)));
    item.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); item.click(); } });
    paint();
    return item;
  }

  function confirmLocations() {
    closeDialog();
    if (state.chosen.length) runSearch();
    else { state.results = null; render(); }
  }

  // ---------- Search, reserve, pay ----------
  async function runSearch() {
    if (!state.chosen.length || state.examinationTypeId == null) return;
    const run = ++searchRun;
    state.results = null;
    render();
    const [locationId, ...nearby] = state.chosen;
    try {
      const data = await api('occasion-bundles', {
        bookingSession: bookingSession(),
        occasionBundleQuery: {
          startDate: todayIso(), searchedMonths: 0, locationId, nearbyLocationIds: nearby.slice(0, MAX_LOCATIONS - 1),
          languageId: 13, vehicleTypeId: state.vehicleTypeId, tachographTypeId: 1, occasionChoiceId: 1,
          examinationTypeId: state.examinationTypeId,
        },
      });
      if (run !== searchRun) return;
      state.results = (data && data.bundles) || [];
    } catch (err) {
      if (run === searchRun) showError(err);
      return;
    }
    render();
  }

  async function reserve(bundle) {
    clearMessage();
    try {
      const data = await api('create-reservation', { bookingSession: bookingSession(), occasionBundle: bundle });
      const reservation = data.bundleReservation || {};
      const added = reservation.occasions || bundle.occasions || [];
      const ids = new Set(added.map((o) => o.examinationId));
      const kept = state.cart ? state.cart.occasions.filter((o) => !ids.has(o.examinationId)) : [];
      state.cart = { occasions: [...kept, ...added], reservationExpires: data.reservationExpires, bundleReservation: reservation };
      render();
    } catch (err) {
      showError(err);
      if (String(err.message).includes(TAKEN)) runSearch();
    }
  }

  async function continueToPayment() {
    try {
      state.payment = await api('reservation-information', { bookingSession: bookingSession() });
      go('payment');
    } catch (err) {
      showError(err);
    }
  }

  async function payInvoice(event) {
    const btn = event.currentTarget;
    btn.disabled = true;
    let paid;
    try {
      paid = await api('invoice-payment', {
        bookingSession: bookingSession(), bundleReservation: state.cart ? state.cart.bundleReservation : null,
      });
      if (!paid || paid.success === false) throw new ApiError(400, 'Betalningen kunde inte genomföras.');
    } catch (err) {
      btn.disabled = false;
      showError(err);
      return;
    }
    state.cart = null;
    state.results = null;
    try {
      state.confirmation = await api('summary',
        { socialSecurityNumber: state.ssn, bookingId: paid.bookingId, licenceId: state.licenceId });
    } catch (err) {
      state.confirmation = { bookingId: paid.bookingId, paymentReference: null, examinations: [] };
      showError(err);
    }
    go('confirmation');
  }

  async function showExams() {
    try {
      state.exams = (await api('examinations-to-cancel')) || [];
      go('exams');
    } catch (err) {
      showError(err);
    }
  }

  function go(view) {
    state.view = view;
    render();
  }

  // ---------- Views ----------
  function renderHeader() {
    const nav = (id, text, onclick) => button({ id, class: 'btn nav-btn', onclick }, text);
    $('#header-actions').replaceChildren(...(state.loggedIn ? [
      nav('desktop-menu-button', 'Meny', () => go('search')),
      nav('desktop-exams-button', 'Mina prov', showExams),
      nav('desktop-booking-button', 'Boka prov', () => go('search')),
      nav('desktop-logout-button', 'Logga ut', logout),
    ] : [button({ id: 'desktop-login-button', class: 'btn btn-primary', title: 'Boka prov', onclick: openInfoDialog }, 'Logga in')]));
  }

  function welcomeView() {
    return [h('h1', {}, 'Boka prov'),
      h('p', {}, 'Här bokar du kunskapsprov och körprov för körkort. Logga in för att se lediga provtider.')];
  }

  function selectField(label, id, options, selected, onchange) {
    return h('div', { class: 'form-field' }, h('label', { for: id }, label),
      h('select', { id, class: 'form-select', onchange: (e) => onchange(Number(e.target.value)) },
        options.map(([value, text]) => h('option', { value: String(value), selected: value === selected }, text))));
  }

  function searchView() {
    const info = state.info || {};
    return [
      h('h1', {}, 'Boka prov'),
      h('form', { class: 'search-form', onsubmit: (e) => e.preventDefault() },
        selectField('Behörighet', 'licence-type-select', state.licences.map((l) => [l.licenceId, l.name]),
          state.licenceId, onLicenceChange),
        selectField('Prov', 'examination-type-select', (info.examinationTypes || []).map((t) => [t.id, t.name]),
          state.examinationTypeId, (id) => onSearchFieldChange('examinationTypeId', id)),
        selectField('Bil', 'vehicle-select', vehicleTypes().map((v) => [v.id, v.name]),
          state.vehicleTypeId, (id) => onSearchFieldChange('vehicleTypeId', id)),
        h('div', { class: 'form-field' }, h('span', { class: 'label' }, 'Provort'),
          button({ id: 'select-location-search', class: 'btn btn-secondary', title: 'Välj provort', onclick: openLocationDialog },
            locationButtonText()),
          h('span', { class: 'chosen-locations' }, state.chosen.map(locationName).join(', ')))),
      state.cart ? cartView() : null,
      state.results ? resultsView() : null,
    ];
  }

  function cartView() {
    const c = state.cart;
    return h('section', { id: 'cart', class: 'cart', 'aria-label': 'Varukorg' },
      h('h2', {}, 'Reserverad provtid'),
      c.occasions.map(occasionLine),
      h('p', { class: 'cart-expiry' }, 'Tiden är reserverad till kl. ', formatClock(c.reservationExpires), ' (',
        h('span', { id: 'cart-countdown' }, countdownText(c.reservationExpires)), ')'),
      button({ id: 'cart-continue-button', class: 'btn btn-primary', onclick: continueToPayment }, 'Gå vidare'));
  }

  function resultsView() {
    const row = (bundle) => h('div', { class: 'bundle-row' },
      h('div', { class: 'bundle-occasions' }, (bundle.occasions || []).map(occasionLine)),
      button({ class: 'btn btn-primary', onclick: () => reserve(bundle) }, 'Välj'));
    return h('section', { class: 'results' }, h('h2', {}, 'Lediga provtider'),
      h('div', { id: 'results-desktop' }, state.results.length ? state.results.map(row)
        : h('p', { class: 'no-results' }, 'Hittar inga lediga tider som matchar dina val.')));
  }

  function paymentView() {
    const p = state.payment || {};
    return [h('h1', {}, 'Betalning'), h('section', { class: 'payment' },
      h('h2', {}, 'Dina reserverade prov'),
      (p.reservations || []).map((r) => occasionLine(r.occasion || r)),
      h('p', { class: 'total' }, 'Att betala: ', h('strong', {}, formatCost(p.totalCost))),
      h('p', {}, 'Med "Betala senare" får du en faktura. Bokningen blir bindande när du väljer det.'),
      h('div', { class: 'actions' },
        button({ id: 'pay-invoice-button', class: 'btn btn-primary', onclick: payInvoice }, 'Betala senare'),
        button({ class: 'btn btn-secondary', onclick: () => go('search') }, 'Tillbaka')))];
  }

  function confirmationView() {
    const c = state.confirmation || {};
    return [h('section', { id: 'booking-confirmation', class: 'confirmation' },
      h('h1', {}, 'Bokningen är klar'),
      h('p', {}, 'Bokningsnummer: ', h('strong', { id: 'booking-id' }, c.bookingId)),
      c.paymentReference ? h('p', {}, 'Betalningsreferens: ', h('strong', { id: 'payment-reference' }, c.paymentReference)) : null,
      (c.examinations || []).map(occasionLine),
      h('div', { class: 'actions' }, button({ class: 'btn btn-secondary', onclick: () => go('search') }, 'Boka ett till prov')))];
  }

  function examsView() {
    const exams = state.exams || [];
    return [h('h1', {}, 'Mina prov'), h('section', { class: 'exams' }, exams.length
      ? exams.map((e) => h('div', { class: 'exam-item' }, occasionLine(e), e.bookingId ? h('span', {}, 'Bokningsnummer: ', e.bookingId) : null))
      : h('p', {}, 'Du har inga bokade prov.'))];
  }

  const VIEWS = { search: searchView, payment: paymentView, confirmation: confirmationView, exams: examsView };

  function render() {
    renderHeader();
    $('#main').replaceChildren(...(state.loggedIn ? (VIEWS[state.view] || searchView)() : welcomeView()).flat().filter(Boolean));
    $('#system-banner').hidden = !state.updating;
    if (state.updating) {
      document.querySelectorAll('#header-actions button, #main button, #main select').forEach((e) => { e.disabled = true; });
    }
    syncCartTimer();
  }

  function syncCartTimer() {
    if (state.cart && state.loggedIn && !cartTimer) cartTimer = setInterval(tickCart, 1000);
    if ((!state.cart || !state.loggedIn) && cartTimer) { clearInterval(cartTimer); cartTimer = null; }
  }

  function tickCart() {
    if (!state.cart) return syncCartTimer();
    if (new Date(state.cart.reservationExpires) <= Date.now()) {
      state.cart = null;
      if (state.view === 'payment') state.view = 'search';
      showMessage('Reservationen har gått ut. Välj en ny tid.', 'info');
      render();
      return;
    }
    const el = $('#cart-countdown');
    if (el) el.textContent = countdownText(state.cart.reservationExpires);
  }

  // ---------- Start ----------
  async function init() {
    initCookieBanner();
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && $('#dialog-outlet').firstChild) closeDialog(); });
    await checkSystemUpdating();
    let authorized = false;
    try { authorized = (await api('is-authorizied')) === true; } catch { authorized = false; }
    if (authorized) await enterLoggedIn(); else render();
  }

  init();
})();
