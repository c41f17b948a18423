// Proxy: its state, live from the event stream (this server) or read on demand (a fleet instance); start, stop,
// restart; supervision and the crashes seen; the installed version, an update with its progress, and rollback.
import {ApiError, getJson, sendJson} from './api.js';
import {busy, el, facts, fill, formatBytes, formatDuration, message, unavailable, when} from './dom.js';

const STATUS_EVENTS = ['status', 'started', 'stopped', 'crashed', 'sessions-changed', 'restarting', 'restarted',
  'crash-loop'];
const CRASH_EVENTS = new Set(['crashed', 'restarting', 'restarted', 'crash-loop']);
/** What proxy-status adds once supervision is on; the plain status events leave them out. */
const SUPERVISION_FIELDS = ['supervised', 'restarts', 'lastCrashAt', 'crashLoop'];
const INSTALL_STEPS = ['download', 'verified', 'staged', 'promoted'];
const LATE_EVENTS_MS = 3000;
const STEP_LABELS = {download: 'Download', verified: 'Verify', staged: 'Try', promoted: 'Promote',
  'rolled-back': 'Put back', failed: 'Failed'};

export function proxySection(container, app) {
  const stateBadge = el('span', {id: 'proxy-state', class: 'state', role: 'status', 'aria-live': 'polite'}, '…');
  const statusFacts = el('div', {id: 'proxy-facts'});
  const actionMessage = el('div', {id: 'proxy-message'});
  const startButton = el('button', {id: 'proxy-start', class: 'primary', type: 'button'}, 'Start');
  const stopButton = el('button', {id: 'proxy-stop', type: 'button'}, 'Stop');
  const restartButton = el('button', {id: 'proxy-restart', type: 'button'}, 'Restart');
  const refreshButton = el('button', {id: 'proxy-refresh', type: 'button', hidden: true}, 'Refresh');
  const supervisionFacts = el('div', {id: 'supervision-facts'});
  const crashList = el('div', {id: 'crash-history'});
  const versionFacts = el('div', {id: 'version-facts'});
  const updateBox = el('div', {id: 'update-box'});
  const installBox = el('div', {id: 'install-box'});
  const supervisionCard = el('article', {class: 'card', 'aria-labelledby': 'supervision-title'},
      el('h3', {id: 'supervision-title'}, 'Supervision'), supervisionFacts,
      el('h4', {}, 'Crashes seen'), crashList);
  const versionCard = el('article', {class: 'card', 'aria-labelledby': 'version-title'},
      el('h3', {id: 'version-title'}, 'Version and updates'), versionFacts, updateBox, installBox);
  const modelsBox = el('div', {id: 'models'});
  const modelsCard = el('article', {class: 'card', 'aria-labelledby': 'models-title'},
      el('h3', {id: 'models-title'}, 'Models'), modelsBox);

  container.append(el('div', {class: 'cards'},
      el('article', {class: 'card', 'aria-labelledby': 'status-title'},
          el('h3', {id: 'status-title'}, 'Status'), el('p', {}, stateBadge), statusFacts,
          el('div', {class: 'actions'}, startButton, stopButton, restartButton, refreshButton), actionMessage),
      supervisionCard, versionCard), modelsCard);

  let instance = null;
  /** What is shown; this server's own state, kept up to date by the stream even while an instance is shown. */
  let status = null;
  let localStatus = null;
  let eventCount = 0;
  const crashes = [];
  let install = null;

  function renderStatus() {
    if (!status) {
      return;
    }
    const running = status.running === true;
    stateBadge.textContent = status.crashLoop ? 'Crash loop' : (running ? 'Running' : 'Stopped');
    stateBadge.className = `state ${status.crashLoop ? 'crash-loop' : (running ? 'running' : 'stopped')}`;
    fill(statusFacts, facts([
      ['Port', status.port],
      ['PID', status.pid ?? (running && !status.remote ? 'not recorded (started by hand)' : undefined)],
      ['Sessions', status.sessionCount],
      ['Up for', status.startedAt ? el('span', {id: 'proxy-uptime', dataset: {since: status.startedAt}},
          formatDuration(Date.now() - status.startedAt)) : undefined],
      ['Remote', status.remote],
      ['State', status.state],
      ['Version', instance ? status.version : undefined],
      ['Message', status.message],
    ]));
    startButton.disabled = running || Boolean(status.remote);
    stopButton.disabled = !running || Boolean(status.remote);
    restartButton.disabled = Boolean(status.remote);
    renderSupervision();
  }

  function renderSupervision() {
    const known = status && status.supervised !== undefined;
    fill(supervisionFacts, known
      ? facts([
        ['Supervised', status.supervised ? 'yes: a crashed proxy is started again' : 'no'],
        ['Restarts', status.restarts],
        ['Last crash', status.lastCrashAt ? when(status.lastCrashAt) : 'none'],
        ['Crash loop', status.crashLoop ? 'yes: supervision stopped trying; start the proxy by hand' : 'no'],
      ])
      : el('p', {class: 'muted'}, 'Off. Turn it on with --supervise or supervision.enabled in the control settings.'));
    fill(crashList, crashes.length === 0
      ? el('p', {class: 'muted'}, 'None since this page opened.')
      : el('ol', {class: 'history', reversed: true}, crashes.slice(-20).reverse().map((c) => el('li', {},
          el('strong', {}, c.label), ' ', when(c.at), c.detail ? [' · ', c.detail] : null,
          c.output ? el('pre', {class: 'output'}, c.output) : null))));
  }

  function onStatusEvent(event) {
    const kept = Object.fromEntries(SUPERVISION_FIELDS.filter((f) => localStatus?.[f] !== undefined)
        .map((f) => [f, localStatus[f]]));
    localStatus = {...kept, ...event.detail};
    eventCount++;
    if (event.type === 'status') {
      // A stream's first event: read the status once for what the events leave out (supervision).
      readLocalStatus();
    }
    if (CRASH_EVENTS.has(event.type)) {
      const d = event.detail;
      crashes.push({
        label: {crashed: 'Crashed', restarting: 'Restarting', restarted: 'Restarted', 'crash-loop': 'Crash loop'}[event.type],
        at: Date.now(),
        detail: event.type === 'restarting'
          ? `attempt ${d.attempt}, after ${d.delayMs < 1000 ? `${d.delayMs} ms` : formatDuration(d.delayMs)}`
          : (event.type === 'crash-loop' ? `after ${d.attempt} attempts` : null),
        output: d.lastOutput,
      });
    }
    if (!instance) {
      status = localStatus;
      renderStatus();
    }
  }

  /** A fleet instance's state, read when shown and after each action: no stream tells its changes. */
  async function readInstanceStatus() {
    try {
      status = await getJson(`${app.base(instance)}/proxy-status`);
      renderStatus();
    } catch (e) {
      fill(actionMessage, message('error', e.message));
    }
  }

  const readStatus = () => (instance ? readInstanceStatus() : readLocalStatus());

  async function readLocalStatus() {
    const before = eventCount;
    try {
      const read = await getJson(`${app.base(null)}/proxy-status`);
      // An event that came meanwhile is newer: only what events leave out is taken from the read.
      localStatus = before === eventCount ? read
        : {...localStatus, ...Object.fromEntries(SUPERVISION_FIELDS.map((f) => [f, read[f]]))};
      if (!instance) {
        status = localStatus;
        renderStatus();
      }
    } catch {
      // The events go on telling the state.
    }
  }

  async function act(button, path, describe) {
    fill(actionMessage);
    await busy(button, async () => {
      try {
        const answer = await sendJson('POST', `${app.base(instance)}/${path}`);
        const text = describe(answer);
        fill(actionMessage, message(text.kind, text.text));
      } catch (e) {
        fill(actionMessage, message('error', e.missingRoute ? 'Not available for this instance.' : e.message));
      }
    });
    if (instance || app.live !== 'live') {
      await readStatus();
    }
    if (instance) {
      readModels();
    }
  }

  startButton.addEventListener('click', () => act(startButton, 'proxy-start', (a) => a.started
    ? {kind: 'ok', text: `Started on port ${a.port}.`}
    : (a.alreadyRunning ? {kind: 'info', text: `Already running on port ${a.port}.`}
      : {kind: 'error', text: `Not started: ${a.error}`})));
  stopButton.addEventListener('click', () => act(stopButton, 'proxy-stop', (a) => a.stopped
    ? {kind: 'ok', text: `Stopped (PID ${a.pid}).`} : {kind: 'error', text: a.error ?? 'Not stopped.'}));
  restartButton.addEventListener('click', () => act(restartButton, 'proxy-restart', (a) => a.started?.started
    ? {kind: 'ok', text: `Restarted on port ${a.started.port}.`}
    : {kind: 'error', text: `Not started again: ${a.started?.error ?? 'see the proxy state'}`}));
  refreshButton.addEventListener('click', () => busy(refreshButton, readStatus));

  // The models the proxy serves (GET /models), by owner; read when shown and when the proxy starts or stops.
  async function readModels() {
    const shownFor = instance;
    let answer;
    try {
      answer = await getJson(`${app.base(instance)}/models`);
    } catch (e) {
      if (shownFor === instance) {
        fill(modelsBox, el('p', {class: 'muted'}, e.status === 503 ? (e.detail ?? e.error) : e.message));
      }
      return;
    }
    if (shownFor !== instance) {
      return;
    }
    const owners = Object.entries(answer.byCategory ?? {});
    fill(modelsBox, el('p', {id: 'models-count'}, `${answer.totalCount} models`),
        owners.map(([owner, models]) => el('details', {class: 'models'},
            el('summary', {}, `${owner} (${models.length})`),
            el('ul', {class: 'model-list'}, models.map((m) => el('li', {}, m.id))))));
  }
  for (const name of ['started', 'stopped', 'restarted']) {
    app.events.addEventListener(name, () => {
      if (!instance && !container.hidden) {
        readModels();
      }
    });
  }

  // Version, update and rollback (this server only).
  async function readVersion() {
    fill(versionFacts, el('p', {class: 'muted'}, 'Checking for updates…'));
    fill(updateBox);
    if (!app.routes.has('get', '/api/cliproxy/update-check')) {
      fill(versionFacts, unavailable('Updates'));
      return;
    }
    let check;
    try {
      check = await getJson(`${app.base(null)}/update-check`);
    } catch (e) {
      fill(versionFacts, message(e.missingRoute ? 'unavailable' : 'warn',
          e.missingRoute ? 'Updates: not available on this server.' : `Update check failed: ${e.message}`));
      return;
    }
    fill(versionFacts, facts([
      ['Backend', check.backendLabel ?? check.backend],
      ['Installed', el('span', {id: 'current-version'}, check.currentVersion ?? 'unknown')],
      ['Latest', check.latestVersion],
      ['Checked', when(check.checkedAt)],
    ]));
    renderUpdate(check);
  }

  function renderUpdate(check) {
    const installs = app.routes.has('post', '/api/cliproxy/install');
    const rollbacks = app.routes.has('post', '/api/cliproxy/rollback');
    const versionSelect = el('select', {id: 'install-version', 'aria-label': 'Version to install'},
        el('option', {value: ''}, check.latestVersion ? `${check.latestVersion} (latest)` : 'latest'));
    const label = () => `Install ${versionSelect.value || check.latestVersion || 'the latest version'}`;
    const installButton = el('button', {id: 'install', type: 'button', class: check.hasUpdate ? 'primary' : ''},
        label());
    const rollbackButton = el('button', {id: 'rollback', type: 'button'}, 'Roll back');
    fill(updateBox,
        message(check.hasUpdate ? 'warn' : 'ok', check.hasUpdate
          ? el('span', {id: 'update-available'}, `Update available: ${check.latestVersion}`)
          : 'Up to date.'),
        installs || rollbacks ? el('div', {class: 'actions'},
            installs ? [versionSelect, installButton] : null, rollbacks ? rollbackButton : null) : null);
    installButton.addEventListener('click', () => runInstall(installButton, versionSelect.value || undefined));
    versionSelect.addEventListener('change', () => {
      installButton.textContent = label();
    });
    rollbackButton.addEventListener('click', () => runRollback(rollbackButton));
    if (installs && app.routes.has('get', '/api/cliproxy/versions')) {
      getJson(`${app.base(null)}/versions`).then((listing) => {
        for (const v of listing.versions ?? []) {
          versionSelect.append(el('option', {value: v.version},
              `${v.version}${v.prerelease ? ' (prerelease)' : ''}${v.version === listing.currentVersion ? ' (installed)' : ''}`));
        }
      }).catch(() => {});
    }
  }

  async function runInstall(button, version, force = false) {
    install = {operation: 'install', version, steps: [], bytes: 0, total: 0, running: true, own: true};
    renderInstall();
    await busy(button, async () => {
      try {
        const body = {};
        if (version) {
          body.version = version;
        }
        if (force) {
          body.force = true;
        }
        const answer = await sendJson('POST', `${app.base(null)}/install`, body);
        finishInstall(answer.success
          ? {kind: 'ok', text: `Installed ${answer.version}${answer.previousVersion ? ` (was ${answer.previousVersion})` : ''}`
            + `${answer.restarted ? '; the proxy was restarted on it' : ''}.`}
          : {kind: 'error', text: `Not installed: ${answer.error}${answer.rolledBack ? ' (the previous version was put back)' : ''}`});
      } catch (e) {
        if (e instanceof ApiError && e.code === 'faulty_version' && !force
            && window.confirm(`${e.detail ?? 'This version has known bugs.'}\n\nInstall it anyway?`)) {
          install = null;
          await runInstall(button, version, true);
          return;
        }
        finishInstall({kind: 'error', text: e.message});
      }
    });
    await readVersion();
  }

  async function runRollback(button) {
    install = {operation: 'rollback', steps: [], bytes: 0, total: 0, running: true, own: true};
    renderInstall();
    await busy(button, async () => {
      try {
        const answer = await sendJson('POST', `${app.base(null)}/rollback`);
        finishInstall(answer.success
          ? {kind: 'ok', text: `Rolled back to ${answer.version}.`}
          : {kind: 'error', text: `Not rolled back: ${answer.error}`});
      } catch (e) {
        finishInstall({kind: 'error', text: e.message});
      }
    });
    await readVersion();
  }

  function finishInstall(result) {
    install = {...(install ?? {steps: []}), running: false, result, finishedAt: Date.now()};
    renderInstall();
  }

  function onInstallEvent(event) {
    const step = event.detail;
    // The answer of this page's own operation may come before its last events: those still belong to it.
    const late = install?.own && !install.running && Date.now() - install.finishedAt < LATE_EVENTS_MS;
    if (!install || (!install.running && !late)) {
      // Started elsewhere (another tab, the API, another control server on this directory).
      install = {operation: step.operation, version: step.version, steps: [], bytes: 0, total: 0, running: true};
    }
    install.version ??= step.version;
    if (step.type === 'download') {
      install.bytes = step.bytes ?? install.bytes;
      install.total = step.total ?? install.total;
    }
    if (!install.steps.includes(step.type)) {
      install.steps.push(step.type);
    }
    if (step.type === 'failed') {
      install.reason = step.reason;
    }
    if (!install.own && (step.type === 'promoted' || step.type === 'failed')) {
      // Another client's operation ended (these are its last steps): the installed version may have changed.
      install.running = false;
      readVersion();
    }
    renderInstall();
  }

  function renderInstall() {
    if (!install) {
      fill(installBox);
      return;
    }
    const failed = install.steps.includes('failed');
    const order = install.operation === 'rollback' ? ['promoted'] : INSTALL_STEPS;
    const shown = [...order, ...install.steps.filter((s) => !order.includes(s))];
    const last = install.steps.at(-1);
    const progress = el('progress', {id: 'install-progress', max: install.total || 1,
      value: install.total ? install.bytes : (install.steps.length > 1 ? 1 : 0),
      'aria-label': 'Download progress'});
    fill(installBox,
        el('h4', {}, install.operation === 'rollback' ? 'Rollback' : `Install${install.version ? ` ${install.version}` : ''}`),
        install.operation === 'install' ? [progress, el('p', {class: 'muted', id: 'install-bytes'},
            install.total ? `${formatBytes(install.bytes)} of ${formatBytes(install.total)}` : 'Waiting for the download…')] : null,
        el('ol', {class: 'steps', id: 'install-steps'}, shown.map((s) => el('li', {
          class: s === 'failed' ? 'failed' : (install.steps.includes(s) ? (s === last && install.running ? 'current' : 'done') : ''),
        }, STEP_LABELS[s] ?? s))),
        failed && install.reason ? message('error', install.reason) : null,
        install.result ? el('div', {id: 'install-result'}, message(install.result.kind, install.result.text)) : null);
  }

  async function readInstall() {
    if (!app.routes.has('get', '/api/cliproxy/install')) {
      return;
    }
    try {
      const current = await getJson(`${app.base(null)}/install`);
      if (current.running && (!install || !install.running)) {
        install = {operation: current.operation, version: current.version, steps: current.step ? [current.step.type] : [],
          bytes: current.step?.bytes ?? 0, total: current.step?.total ?? 0, running: true};
        renderInstall();
      }
    } catch {
      // The install box stays as it is.
    }
  }

  for (const name of STATUS_EVENTS) {
    app.events.addEventListener(name, onStatusEvent);
  }
  for (const name of [...INSTALL_STEPS, 'rolled-back', 'failed']) {
    app.events.addEventListener(name, (event) => {
      if (event.detail?.operation) {
        onInstallEvent(event);
      }
    });
  }
  app.events.addEventListener('status', () => readInstall());

  // Uptime ticks on the page itself: nothing is asked of the server for it.
  setInterval(() => {
    const uptime = container.querySelector('#proxy-uptime');
    if (uptime && !container.hidden) {
      uptime.textContent = formatDuration(Date.now() - Number(uptime.dataset.since));
    }
  }, 1000);

  let versionRead = false;
  return {
    show(params, nextInstance) {
      const changed = nextInstance !== instance;
      instance = nextInstance;
      supervisionCard.hidden = Boolean(instance);
      versionCard.hidden = Boolean(instance);
      refreshButton.hidden = !instance;
      if (changed) {
        fill(actionMessage);
        stateBadge.textContent = '…';
        fill(statusFacts);
      }
      status = instance ? null : localStatus;
      if (status) {
        renderStatus();
      } else {
        readStatus();
      }
      readModels();
      if (!instance && !versionRead) {
        versionRead = true;
        readVersion();
        readInstall();
      }
    },
  };
}
