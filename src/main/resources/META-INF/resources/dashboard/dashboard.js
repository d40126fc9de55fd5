// Provtid operator dashboard: fleet counts, jobs, the search plan and what the fleet learned per place, workers and
// browsers, webhook dead letters.
//
// An operator's console is a trusted frontend: it calls the JSON API with the API token (kept in sessionStorage,
// so it is gone when the tab closes). It polls gently so that it never trips the API's rate limit
// (RATE_LIMIT_REQUESTS, default 100 a minute per client address): the counts and the job list every 5 s
// (24 calls a minute), workers and dead letters every 15 s (8 more; /health/detailed is not rate-limited), and
// nothing while the tab is hidden. When RateLimit-Remaining drops below a quarter of the limit it polls four
// times slower, and after a 429 it waits for Retry-After. A job's timeline comes from its event stream, which
// the rate limit does not count. It never shows a personal number or a live QR code (QR frames are counted, not
// drawn; the API never lists personal numbers).
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const FAST_MS = 5000;
  const SLOW_MS = 15000;
  const RUNNING = ['starting', 'authenticating', 'searching', 'reserving', 'awaiting_confirmation', 'booking'];
  // Watching is not running: no worker, no lease, no browser (the site's session ended; the person logs in again).
  const WATCHING = 'watching';
  const TOKEN_KEY = 'provtid.apiToken';

  const TEXT = {
    sv: {
      title: 'Driftvy', appLink: 'Bokningssidan', tokenLabel: 'API-nyckel', queued: 'I kö', running: 'Pågår',
      watching: 'Bevakar (utloggade)', watchingAll: 'alla jobb', watchingNewest: (n) => `av de ${n} nyaste`,
      workers: 'Arbetare vid liv', thisHour: 'Klara denna timme', lastDay: 'Klara senaste dygnet',
      webhooks: 'Webhooks: kö / döda', site: 'Bokningssajten', siteOk: 'Ingen paus',
      sitePaused: (at) => `Pausad till ${at}`, pace: (r, b) => `${r} anrop/s för hela flottan, ${b} i rad`, jobs: 'Jobb (nyaste först)', job: 'Jobb', user: 'Användare',
      status: 'Status', message: 'Meddelande', updated: 'Ändrad', attempts: 'Försök', detail: 'Jobb',
      workersHosts: 'Arbetare och webbläsare', worker: 'Arbetare', jobsNow: 'Jobb', hosts: 'Webbläsare',
      hostsNote: 'Webbläsarna visas för processen som svarade.', deadLetters: 'Webhooks som aldrig kom fram',
      endpoint: 'Mottagare', event: 'Händelse', replay: 'Skicka igen', language: 'English',
      refreshed: 'Uppdaterad', needToken: 'Fyll i API-nyckeln.', badToken: 'API-nyckeln stämmer inte.',
      limited: (s) => `För många anrop; väntar ${s} s.`, network: 'Servern svarar inte.',
      slowed: 'Nära anropsgränsen: uppdaterar långsammare.', none: 'Inga', qrFrames: (n) => `${n} QR-koder visade`,
      inNewest: (n) => `av de ${n} nyaste`, replayed: 'Levererad.', replayFailed: 'Misslyckades igen: ',
      outcomes: { completed: 'bokade', failed: 'misslyckade', cancelled: 'avbrutna', expired: 'utgångna' },
      priorities: (h, n, l) => `hög ${h} · normal ${n} · låg ${l}`,
      searchPlan: 'Sökplan', exam: 'Prov', places: 'Platser', every: 'Söks var', wantedBy: 'Önskas av',
      looks: 'Sökningar', found: 'Hittade', handedOut: 'Utdelade', lastLook: 'Senaste sökning',
      learned: 'Platser: vad flottan har lärt sig', place: 'Plats', appeared: 'Dök upp', gone: 'Försvann',
      lifetime: 'Ledig i snitt', late: 'Sena avbokningar', seconds: (n) => `${n} s`, jobsCount: (n) => `${n} jobb`,
      learnedNote: 'Lediga tider som sökningarna sett dyka upp och försvinna. Sökplanen väger inte in dem än.',
      modes: { fleet: 'en sökning för hela flottan', job: 'varje jobb söker själv' },
      counters: (m, c) => `Läge: ${m} · ${c.looks} sökningar · ${c.slots_found} lediga tider hittade · `
        + `${c.handed_out} utdelade · ${c.holds} reserverade · ${c.went_to_other} till ett annat jobb · `
        + `${c.lost_races} tagna av andra först · ${c.self_collisions} krockar mellan egna jobb`,
      states: {
        queued: 'I kö', starting: 'Startar', authenticating: 'Väntar på BankID', searching: 'Söker tider',
        reserving: 'Reserverar tid', awaiting_confirmation: 'Väntar på bekräftelse', booking: 'Bokar',
        completed: 'Bokat', failed: 'Misslyckades', cancelled: 'Avbrutet', expired: 'Tiden gick ut',
        watching: 'Bevakar',
      },
    },
    en: {
      title: 'Operations', appLink: 'Booking page', tokenLabel: 'API token', queued: 'Queued', running: 'Running',
      watching: 'Watching (logged out)', watchingAll: 'all jobs', watchingNewest: (n) => `of the ${n} newest`,
      workers: 'Workers alive', thisHour: 'Finished this hour', lastDay: 'Finished last 24 h',
      webhooks: 'Webhooks: backlog / dead', site: 'Booking site', siteOk: 'Not paused',
      sitePaused: (at) => `Paused until ${at}`, pace: (r, b) => `${r} requests/s for the whole fleet, bursts of ${b}`, jobs: 'Jobs (newest first)', job: 'Job', user: 'User',
      status: 'Status', message: 'Message', updated: 'Updated', attempts: 'Attempts', detail: 'Job',
      workersHosts: 'Workers and browsers', worker: 'Worker', jobsNow: 'Jobs', hosts: 'Browsers',
      hostsNote: 'Browsers are those of the process that answered.', deadLetters: 'Webhook dead letters',
      endpoint: 'Endpoint', event: 'Event', replay: 'Replay', language: 'Svenska', refreshed: 'Refreshed',
      needToken: 'Enter the API token.', badToken: 'The API token is wrong.',
      limited: (s) => `Too many requests; waiting ${s} s.`, network: 'The server does not answer.',
      slowed: 'Near the rate limit: refreshing more slowly.', none: 'None', qrFrames: (n) => `${n} QR codes shown`,
      inNewest: (n) => `of the ${n} newest`, replayed: 'Delivered.', replayFailed: 'Failed again: ',
      outcomes: { completed: 'completed', failed: 'failed', cancelled: 'cancelled', expired: 'expired' },
      priorities: (h, n, l) => `high ${h} · normal ${n} · low ${l}`,
      searchPlan: 'Search plan', exam: 'Exam', places: 'Places', every: 'Looked at every', wantedBy: 'Wanted by',
      looks: 'Looks', found: 'Found', handedOut: 'Handed out', lastLook: 'Last look',
      learned: 'Places: what the fleet learned', place: 'Place', appeared: 'Appeared', gone: 'Gone',
      lifetime: 'Mean time free', late: 'Late cancellations', seconds: (n) => `${n} s`, jobsCount: (n) => `${n} jobs`,
      learnedNote: 'Free slots the searches saw appear and go. The search plan does not weigh them yet.',
      modes: { fleet: 'one search for the whole fleet', job: 'each job searches alone' },
      counters: (m, c) => `Mode: ${m} · ${c.looks} looks · ${c.slots_found} free slots found · `
        + `${c.handed_out} handed out · ${c.holds} held · ${c.went_to_other} to another job · `
        + `${c.lost_races} taken by others first · ${c.self_collisions} collisions between our jobs`,
      states: {
        queued: 'Queued', starting: 'Starting', authenticating: 'Waiting for BankID', searching: 'Searching',
        reserving: 'Holding a slot', awaiting_confirmation: 'Waiting for confirmation', booking: 'Booking',
        completed: 'Booked', failed: 'Failed', cancelled: 'Cancelled', expired: 'Timed out',
        watching: 'Watching',
      },
    },
  };
  const i18n = window.ProvtidI18n(TEXT, () => {
    if (lastStats) showStats(lastStats);
    if (lastJobs.length) showJobs(lastJobs);
  });
  const t = i18n.t;

  let slowUntil = 0; // near the rate limit: poll four times slower until then
  let lastStats = null; // the newest /api/v1/stats, for the workers table
  let pausedUntil = 0; // after a 429: nothing until then
  let selected = null; // {jobId, abort}
  let lastJobs = [];
  const loops = []; // the polling loops' run-now functions

  function token() {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  }

  function problem(text) {
    $('problem').textContent = text || '';
    $('problem').hidden = !text;
  }

  async function get(path, method) {
    const res = await fetch(path, { method: method || 'GET',
      headers: { Authorization: 'Bearer ' + token(), Accept: 'application/json' } });
    const limit = Number(res.headers.get('RateLimit-Limit'));
    const remaining = Number(res.headers.get('RateLimit-Remaining'));
    const reset = Number(res.headers.get('RateLimit-Reset')) || 60;
    if (limit && remaining < limit / 4) {
      slowUntil = Date.now() + reset * 1000;
    }
    const body = await res.json().catch(() => ({}));
    if (res.status === 429) {
      const wait = Number(res.headers.get('Retry-After')) || 30;
      pausedUntil = Date.now() + wait * 1000;
      throw Object.assign(new Error(t('limited')(wait)), { status: 429 });
    }
    if (res.status === 401) throw Object.assign(new Error(t('badToken')), { status: 401 });
    if (!res.ok) throw Object.assign(new Error(body.detail || res.statusText), { status: res.status, body });
    return body;
  }

  // Each cell carries its column's name, which a phone shows beside the value, the table being a list of cards there.
  const cell = (text, code, label) => {
    const td = document.createElement('td');
    if (label) td.dataset.label = t(label);
    if (code) {
      const c = document.createElement('code');
      c.textContent = text;
      td.append(c);
    } else {
      td.textContent = text == null ? '' : String(text);
    }
    return td;
  };
  const time = (iso) => (iso ? new Date(iso).toLocaleString('sv-SE') : ''); // 2026-12-01 09:58:20 in both languages
  const sum = (o) => Object.values(o || {}).reduce((a, b) => a + b, 0);
  const state = (s) => i18n.text().states[s] || s;
  const outcomes = (o) => Object.entries(o || {}).map(([k, v]) => `${v} ${i18n.text().outcomes[k] || k}`).join(', ');

  function showStats(s) {
    lastStats = s;
    $('queue-depth').textContent = s.queued.total;
    $('queue-by-priority').textContent = t('priorities')(s.queued.high, s.queued.normal, s.queued.low);
    $('running-count').textContent = s.running;
    $('workers-alive').textContent = s.workers_alive;
    $('finished-hour').textContent = sum(s.finished.this_hour);
    $('finished-hour-detail').textContent = outcomes(s.finished.this_hour);
    $('finished-day').textContent = sum(s.finished.last_24_hours);
    $('finished-day-detail').textContent = outcomes(s.finished.last_24_hours);
    $('webhook-counts').textContent = `${s.webhooks.backlog} / ${s.webhooks.dead_letters}`;
    showWatching();
    if (s.search) showSearch(s.search);
  }

  /** A table body's one row saying there is nothing, across all its columns. */
  const noneRow = (columns) => {
    const tr = document.createElement('tr');
    const td = cell(t('none'));
    td.colSpan = columns;
    tr.append(td);
    return tr;
  };

  /** The fleet search from /api/v1/stats: its counters, its plan (one row per call) and what it learned per place. */
  function showSearch(search) {
    const c = search.counters || {};
    $('search-counters').textContent = t('counters')((i18n.text().modes[search.mode] || search.mode), c);
    const calls = (search.calls || []).map((call) => {
      const tr = document.createElement('tr');
      tr.dataset.exam = call.exam;
      tr.dataset.places = call.places.join(',');
      tr.append(cell(call.exam.split('|').join(' · '), false, 'exam'), cell(call.places.join(', '), false, 'places'),
        cell(t('seconds')(call.looked_every_seconds), false, 'every'), cell(t('jobsCount')(call.wanted_by), false, 'wantedBy'),
        cell(call.looks, false, 'looks'), cell(call.found, false, 'found'), cell(call.handed_out, false, 'handedOut'),
        cell(time(call.last_look_at), false, 'lastLook'));
      return tr;
    });
    $('search-plan').tBodies[0].replaceChildren(...(calls.length ? calls : [noneRow(8)]));
    const places = (search.places || []).map((p) => {
      const tr = document.createElement('tr');
      tr.dataset.location = p.location;
      tr.append(cell(p.location, false, 'place'), cell(p.appeared, false, 'appeared'), cell(p.gone, false, 'gone'),
        cell(p.mean_lifetime_seconds == null ? '' : t('seconds')(p.mean_lifetime_seconds), false, 'lifetime'),
        cell(p.late_cancellations, false, 'late'));
      return tr;
    });
    $('search-places').tBodies[0].replaceChildren(...(places.length ? places : [noneRow(5)]));
  }

  /**
   * Watching jobs: the fleet-wide count when /api/v1/stats gives one (a number `watching`), otherwise counted among
   * the newest jobs listed, and said so, as the running phases are.
   */
  function showWatching() {
    const fleet = lastStats && typeof lastStats.watching === 'number' ? lastStats.watching : null;
    const listed = lastJobs.filter((j) => j.status === WATCHING).length;
    $('watching-count').textContent = fleet != null ? fleet : (lastStats || lastJobs.length ? listed : '–');
    $('watching-scope').textContent = fleet != null ? t('watchingAll')
      : (lastJobs.length ? t('watchingNewest')(lastJobs.length) : '');
  }

  function showJobs(jobs) {
    lastJobs = jobs;
    showWatching();
    const phases = {};
    jobs.filter((j) => RUNNING.includes(j.status)).forEach((j) => { phases[j.status] = (phases[j.status] || 0) + 1; });
    $('running-by-phase').textContent = Object.entries(phases).map(([k, v]) => `${state(k)} ${v}`).join(' · ')
      + (jobs.length ? ` (${t('inNewest')(jobs.length)})` : '');
    $('jobs-table').tBodies[0].replaceChildren(...jobs.map((j) => {
      const tr = document.createElement('tr');
      tr.dataset.jobId = j.job_id;
      tr.dataset.status = j.status;
      if (selected && selected.jobId === j.job_id) tr.classList.add('selected');
      const status = cell(state(j.status), false, 'status');
      status.className = 'status';
      status.dataset.testid = 'job-status';
      status.title = j.status;
      tr.append(cell(j.job_id, true, 'job'), cell(j.user_id, false, 'user'), status, cell(j.message, false, 'message'),
        cell(time(j.updated_at), false, 'updated'), cell(j.attempts, false, 'attempts'));
      tr.addEventListener('click', () => showDetail(j));
      return tr;
    }));
  }

  /** Site pace and the fleet-wide pause the workers keep after the site answered 403 or 429. */
  function showSite(site) {
    if (!site) return;
    $('site-state').textContent = site.paused
      ? t('sitePaused')(new Date(site.paused_until).toLocaleTimeString('sv-SE')) : t('siteOk');
    $('site-state').dataset.paused = String(site.paused);
    $('site-pace').textContent = t('pace')(site.requests_per_second, site.burst);
  }

  /**
   * Every live worker from /api/v1/stats (its jobs and browsers, as its last heartbeat reported them); the process
   * that answered /health/detailed adds the detail of its own browsers (engine, version, state).
   */
  function showWorkers(health, sessions) {
    const fleet = (lastStats && lastStats.workers) || [];
    const live = fleet.length ? fleet.map((w) => w.worker_id) : ((health.queue && health.queue.live_workers) || []);
    const me = health.worker || {};
    const hosts = (sessions && sessions.hosts) || [];
    $('workers-table').tBodies[0].replaceChildren(...live.map((id) => {
      const tr = document.createElement('tr');
      tr.dataset.workerId = id;
      const mine = id === me.worker_id;
      const w = fleet.find((x) => x.worker_id === id);
      const jobs = w && w.jobs != null ? `${w.jobs} / ${w.capacity}` : (mine ? `${me.active_jobs} / ${me.concurrency}` : '');
      const detail = mine ? hosts.map((h) => `${h.engine} ${h.version || ''}: ${h.contexts} ctx, ${h.memory_mib} MiB, ${h.state}`)
        .join('; ') : '';
      const summary = w && w.browser_hosts != null
        ? `${w.browser_hosts} × ${w.browser_contexts} ctx, ${Math.round(w.browser_memory_bytes / 1048576)} MiB` : '';
      const browsers = detail || summary || t('none');
      tr.append(cell(id, true, 'worker'), cell(jobs, false, 'jobsNow'), cell(browsers, false, 'hosts'));
      return tr;
    }));
  }

  function showDeadLetters(list) {
    const rows = list.dead_letters.map((d) => {
      const tr = document.createElement('tr');
      tr.dataset.deadLetterId = d.id;
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = t('replay');
      button.dataset.testid = 'replay-button';
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          await get(d.replay_url, 'POST');
          button.textContent = t('replayed');
          loops[1]();
        } catch (e) {
          button.textContent = t('replayFailed') + e.message;
          button.disabled = false;
        }
      });
      const td = document.createElement('td');
      td.append(button);
      tr.append(cell(d.job_id, true, 'job'), cell(d.endpoint, false, 'endpoint'),
        cell(`${d.event_type} (${d.attempts}×, ${d.last_error || d.last_status || ''})`, false, 'event'), td);
      return tr;
    });
    if (!rows.length) {
      const tr = document.createElement('tr');
      const td = cell(t('none'));
      td.colSpan = 4;
      tr.append(td);
      rows.push(tr);
    }
    $('dead-letters').tBodies[0].replaceChildren(...rows);
  }

  /**
   * A job's timeline from its event stream, read with fetch (EventSource cannot send the bearer token), replayed
   * from the start (Last-Event-ID 0-0) and followed live until the job ends. QR frames are counted, never shown.
   */
  async function showDetail(job) {
    if (selected) selected.abort.abort();
    selected = { jobId: job.job_id, abort: new AbortController() };
    document.querySelectorAll('#jobs-table tr.selected').forEach((tr) => tr.classList.remove('selected'));
    const row = document.querySelector(`#jobs-table tr[data-job-id="${job.job_id}"]`);
    if (row) row.classList.add('selected');
    $('job-detail').hidden = false;
    // On a phone the detail comes after the whole list of cards: bring it into view, as the tap asked for it.
    if (window.matchMedia('(max-width: 640px)').matches) $('job-detail').scrollIntoView({ block: 'start' });
    $('detail-id').textContent = job.job_id;
    $('detail-summary').textContent = `${state(job.status)}: ${job.message}`;
    const list = $('detail-timeline');
    list.replaceChildren();
    let qrFrames = 0;
    let qrItem = null;
    const mine = selected;
    try {
      const res = await fetch('/api/v1/booking/stream/' + encodeURIComponent(job.job_id), {
        headers: { Authorization: 'Bearer ' + token(), Accept: 'text/event-stream', 'Last-Event-ID': '0-0' },
        signal: mine.abort.signal });
      if (!res.ok) throw new Error(res.status === 401 ? t('badToken') : res.statusText);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let type = 'message';
          let data = '';
          block.split('\n').forEach((line) => {
            if (line.startsWith('event:')) type = line.slice(6).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trim();
          });
          if (!data) continue;
          const env = JSON.parse(data);
          if (type === 'qr_code_update') {
            qrFrames += 1;
            if (!qrItem) {
              qrItem = document.createElement('li');
              list.append(qrItem);
            }
            qrItem.textContent = t('qrFrames')(qrFrames);
            continue;
          }
          qrItem = null;
          const li = document.createElement('li');
          li.dataset.eventType = type;
          const d = env.data || {};
          if (d.status) li.dataset.status = d.status;
          const what = d.status ? state(d.status) : type;
          const strong = document.createElement('strong');
          strong.textContent = what;
          const when = document.createElement('time');
          when.textContent = ' ' + time(env.timestamp) + ' ';
          const msg = document.createElement('span');
          msg.textContent = d.message || (d.error && d.error.message) || '';
          li.append(strong, when, msg);
          list.append(li);
        }
      }
    } catch (e) {
      if (e.name !== 'AbortError') problem(e.message);
    }
  }

  async function refreshFast() {
    const [stats, jobs] = await Promise.all([get('/api/v1/stats'), get('/api/v1/jobs?limit=50')]);
    showStats(stats);
    showJobs(jobs.jobs);
  }

  async function refreshSlow() {
    const [health, sessions, dead] = await Promise.all([
      get('/health/detailed').catch((e) => (e.body && e.body.queue ? e.body : { queue: {}, worker: {} })),
      get('/api/v1/status/browser-sessions').catch(() => null),
      get('/api/v1/webhooks/dead?limit=20')]);
    showWorkers(health, sessions);
    showSite(health.site);
    showDeadLetters(dead);
  }

  /**
   * One polling loop: runs `fn` every `ms` (four times slower near the limit), never while hidden or paused.
   * Returns a function that runs it at once (a new token) and restarts the wait.
   */
  function every(ms, fn) {
    let timer = null;
    const tick = async () => {
      clearTimeout(timer);
      let wait = Date.now() < slowUntil ? ms * 4 : ms;
      if (!token()) {
        problem(t('needToken'));
      } else if (!document.hidden && Date.now() >= pausedUntil) {
        try {
          await fn();
          problem(Date.now() < slowUntil ? t('slowed') : '');
          $('refreshed').textContent = t('refreshed') + ' ' + new Date().toLocaleTimeString('sv-SE');
        } catch (e) {
          problem(e.status ? e.message : t('network'));
        }
      }
      if (Date.now() < pausedUntil) wait = Math.max(wait, pausedUntil - Date.now());
      clearTimeout(timer);
      timer = setTimeout(tick, wait);
    };
    tick();
    return tick;
  }

  document.addEventListener('DOMContentLoaded', () => {
    i18n.start();
    $('api-token').value = token();
    $('api-token').addEventListener('input', () => sessionStorage.setItem(TOKEN_KEY, $('api-token').value.trim()));
    $('api-token').addEventListener('change', () => loops.forEach((now) => now()));
    loops.push(every(FAST_MS, refreshFast), every(SLOW_MS, refreshSlow));
  });
})();
