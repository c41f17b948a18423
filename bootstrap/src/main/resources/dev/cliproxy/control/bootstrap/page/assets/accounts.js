// Accounts: each token's health, its quota as bars with reset times, pause and resume; what the quota automation
// did and why (its policy, and its acts live from the event stream); alerts and webhook deliveries; adding an
// account (sign-in through the proxy, or a token file), removing one and restoring it; the auth files. For a fleet
// instance: its auth files and its accounts' quotas (GET /api/fleet/quota).
import {ApiError, FLEET_BASE, LOCAL_BASE, downloadLink, getJson, request, sendJson} from './api.js';
import {busy, el, facts, fill, formatBytes, formatNumber, formatTime, message, unavailable, when} from './dom.js';
import {renderQuota} from './quota.js';

const ALERT_EVENTS = ['quota-low', 'account-paused', 'account-resumed', 'token-expiring', 'token-expired'];
const LOGIN_EVENTS = ['login-started', 'account-added', 'login-failed'];
/** The providers whose sign-in the proxy runs; the server answers which of them its proxy cannot do. */
const LOGIN_PROVIDERS = ['agy', 'gemini', 'codex', 'claude', 'iflow', 'kiro'];
const QUOTA_CONCURRENCY = 2;
/** While a webhook delivery is pending, the deliveries are read again this often (no event tells its end). */
const PENDING_DELIVERY_MS = 1000;
const STATE_LABELS = {valid: 'Token valid', expiring: 'Token expiring', expired: 'Token expired', unknown: 'Expiry unknown'};

export function accountsSection(container, app) {
  const listMessage = el('div');
  const list = el('div', {class: 'cards', id: 'account-list'});
  const refresh = el('button', {type: 'button', id: 'accounts-refresh'}, 'Refresh');
  const policy = el('div', {id: 'automation-policy'});
  const feed = el('ul', {class: 'feed', id: 'automation-feed'});
  const alertsBox = el('div', {id: 'alerts'});
  const addBox = el('div', {id: 'add-account'});
  const removedBox = el('div', {id: 'removed-accounts'});
  const filesBox = el('div', {id: 'auth-files'});
  const instanceQuota = el('div', {id: 'instance-quota'});
  const instanceQuotaButton = el('button', {type: 'button', id: 'instance-quota-load'}, 'Ask for the quotas');

  const localPart = el('div', {class: 'stack'},
      el('div', {class: 'actions'}, refresh), listMessage, list,
      el('div', {class: 'cards'},
          el('article', {class: 'card', 'aria-labelledby': 'automation-title'},
              el('h3', {id: 'automation-title'}, 'What the automation did, and why'), policy, feed),
          el('article', {class: 'card', 'aria-labelledby': 'add-title'},
              el('h3', {id: 'add-title'}, 'Add an account'), addBox, removedBox)),
      el('article', {class: 'card', 'aria-labelledby': 'alerts-title'},
          el('h3', {id: 'alerts-title'}, 'Alerts and webhook deliveries'), alertsBox));
  const instancePart = el('article', {class: 'card', hidden: true, 'aria-labelledby': 'instance-quota-title'},
      el('h3', {id: 'instance-quota-title'}, 'Quotas'),
      el('p', {class: 'muted'}, 'Asks the providers for every account of this instance (GET /api/fleet/quota).'),
      el('div', {class: 'actions'}, instanceQuotaButton), instanceQuota);
  container.append(localPart, instancePart,
      el('article', {class: 'card', 'aria-labelledby': 'files-title'},
          el('h3', {id: 'files-title'}, 'Auth files'), filesBox));

  let instance = null;
  let accounts = [];
  const quotas = new Map();
  const removed = [];
  let loaded = false;
  let reloadTimer = null;
  let deliveryTimer = null;

  const path = (account, suffix = '') =>
    `${LOCAL_BASE}/accounts/${encodeURIComponent(account.provider)}/${encodeURIComponent(account.accountId)}${suffix}`;

  async function loadAccounts() {
    fill(listMessage);
    try {
      accounts = (await getJson(`${LOCAL_BASE}/accounts`)).accounts ?? [];
    } catch (e) {
      accounts = [];
      fill(list);
      fill(listMessage, e.missingRoute ? unavailable('Accounts') : message('error', e.message));
      return;
    }
    renderAccounts();
    loadQuotas();
  }

  function renderAccounts() {
    if (accounts.length === 0) {
      fill(list, el('p', {class: 'muted'}, 'No account yet: add one below, or sign in with the ccs tools.'));
      return;
    }
    fill(list, accounts.map(renderAccount));
  }

  function pauseText(account) {
    if (!account.paused) {
      return 'Active';
    }
    if (account.pauseReason === 'quota') {
      return 'Paused (by the quota automation)';
    }
    return account.pauseReason ? 'Paused (by a person)' : 'Paused';
  }

  function renderAccount(account) {
    const key = `${account.provider}/${account.accountId}`;
    const pause = el('button', {type: 'button', class: 'account-pause'}, account.paused ? 'Resume' : 'Pause');
    pause.addEventListener('click', () => busy(pause, () => pauseOrResume(account)));
    const remove = app.routes.has('delete', '/api/cliproxy/accounts/{provider}/{accountId}')
      ? el('button', {type: 'button', class: 'danger account-remove'}, 'Remove') : null;
    remove?.addEventListener('click', () => busy(remove, () => removeAccount(account)));
    return el('article', {class: 'card account', dataset: {account: key}, 'aria-label': `${account.provider} ${account.email ?? account.accountId}`},
        el('h3', {}, `${account.provider} · ${account.email ?? account.accountId}`),
        el('p', {},
            el('span', {class: `state ${account.state}`}, STATE_LABELS[account.state] ?? account.state), ' ',
            el('span', {class: `state account-status ${account.paused ? 'paused' : 'ok'}`}, pauseText(account))),
        facts([
          ['File', account.file],
          ['Expires', account.expiresAt ? when(account.expiresAt) : undefined],
          ['Resumes', account.resumeAt ? [when(account.resumeAt), account.pauseReason === 'quota' ? ', when its quota resets' : ''] : undefined],
        ]),
        el('div', {class: 'quota-box'}, renderQuota(quotas.get(key))),
        el('div', {class: 'actions'}, pause, remove),
        el('div', {class: 'account-message'}));
  }

  async function loadQuotas() {
    if (!app.routes.has('get', '/api/cliproxy/quota/{provider}/{accountId}')) {
      return;
    }
    const queue = accounts.filter((a) => a.provider !== 'unknown');
    const worker = async () => {
      for (let account = queue.shift(); account; account = queue.shift()) {
        const key = `${account.provider}/${account.accountId}`;
        try {
          quotas.set(key, await getJson(`${LOCAL_BASE}/quota/${encodeURIComponent(account.provider)}/${encodeURIComponent(account.accountId)}`));
        } catch (e) {
          quotas.set(key, {error: e});
        }
        const card = list.querySelector(`[data-account="${CSS.escape(key)}"] .quota-box`);
        if (card) {
          fill(card, renderQuota(quotas.get(key)));
        }
      }
    };
    await Promise.all(Array.from({length: QUOTA_CONCURRENCY}, worker));
  }

  function accountMessage(account, kind, text) {
    const box = list.querySelector(`[data-account="${CSS.escape(`${account.provider}/${account.accountId}`)}"] .account-message`);
    if (box) {
      fill(box, message(kind, text));
    }
  }

  async function pauseOrResume(account) {
    try {
      const now = await sendJson('POST', path(account, account.paused ? '/resume' : '/pause'));
      const index = accounts.findIndex((a) => a.provider === account.provider && a.accountId === account.accountId);
      if (index >= 0) {
        accounts[index] = now;
      }
      renderAccounts();
    } catch (e) {
      accountMessage(account, 'error', e.message);
    }
  }

  async function removeAccount(account) {
    if (!window.confirm(`Remove ${account.email ?? account.accountId}? Its token file is kept in auth-removed/ `
        + 'for 30 days and can be restored.')) {
      return;
    }
    try {
      const gone = await sendJson('DELETE', path(account));
      removed.push({...account, purgeAt: gone.purgeAt});
      renderRemoved();
      await Promise.all([loadAccounts(), loadFiles()]);
    } catch (e) {
      accountMessage(account, 'error', e.message);
    }
  }

  function renderRemoved() {
    if (!app.routes.has('post', '/api/cliproxy/accounts/{provider}/{accountId}/restore')) {
      fill(removedBox);
      return;
    }
    const provider = el('input', {id: 'restore-provider', 'aria-label': 'Provider', placeholder: 'provider', size: 8});
    const accountId = el('input', {id: 'restore-account', 'aria-label': 'Account id', placeholder: 'account id'});
    const restore = el('button', {type: 'button', id: 'restore'}, 'Restore');
    const result = el('div', {id: 'restore-result'});
    fill(removedBox, el('h4', {}, 'Removed accounts'),
        removed.length === 0 ? el('p', {class: 'muted'}, 'A removed account is kept 30 days: restore it by its provider and id.')
          : el('ul', {class: 'feed', id: 'removed-list'}, removed.map((account) => {
            const undo = el('button', {type: 'button', class: 'link restore-removed'}, 'Restore');
            undo.addEventListener('click', () => busy(undo, () => restoreAccount(account.provider, account.accountId, result)));
            return el('li', {}, `${account.provider} · ${account.email ?? account.accountId} `,
                account.purgeAt ? el('span', {class: 'muted'}, '(deleted for good ', when(account.purgeAt), ') ') : null, undo);
          })),
        el('div', {class: 'actions'}, provider, accountId, restore), result);
    restore.addEventListener('click', () => busy(restore, () => restoreAccount(provider.value.trim(), accountId.value.trim(), result)));
  }

  async function restoreAccount(provider, accountId, result) {
    try {
      const account = await sendJson('POST', path({provider, accountId}, '/restore'));
      const index = removed.findIndex((a) => a.provider === provider && a.accountId === accountId);
      if (index >= 0) {
        removed.splice(index, 1);
      }
      renderRemoved();
      fill(removedBox.querySelector('#restore-result'), message('ok', `Restored ${account.email ?? account.accountId}.`));
      await Promise.all([loadAccounts(), loadFiles()]);
    } catch (e) {
      fill(result, message('error', e.message));
    }
  }

  function renderAdd() {
    const parts = [];
    if (app.routes.has('post', '/api/cliproxy/accounts/{provider}/login')) {
      parts.push(loginForm());
    }
    if (app.routes.has('post', '/api/cliproxy/accounts/import')) {
      parts.push(importForm());
    }
    fill(addBox, parts.length > 0 ? parts : unavailable('Adding accounts'));
    renderRemoved();
  }

  function loginForm() {
    const provider = el('select', {id: 'login-provider', 'aria-label': 'Provider'},
        LOGIN_PROVIDERS.map((p) => el('option', {value: p}, p)));
    const start = el('button', {type: 'button', id: 'login-start', class: 'primary'}, 'Sign in');
    const flow = el('div', {id: 'login-flow'});
    start.addEventListener('click', () => busy(start, async () => {
      try {
        const started = await sendJson('POST', `${LOCAL_BASE}/accounts/${encodeURIComponent(provider.value)}/login`);
        showLogin(flow, started);
      } catch (e) {
        fill(flow, message('error', e.message));
      }
    }));
    return el('div', {}, el('h4', {}, 'Sign in through the proxy'),
        el('p', {class: 'muted'}, 'The running proxy runs the provider\'s OAuth flow and writes the token file.'),
        el('div', {class: 'actions'}, provider, start), flow);
  }

  let login = null;

  function showLogin(flow, started) {
    const stateText = el('p', {id: 'login-state', role: 'status'}, 'Waiting for the sign-in…');
    const check = el('button', {type: 'button', id: 'login-check'}, 'Check now');
    const cancel = el('button', {type: 'button', id: 'login-cancel'}, 'Cancel');
    const redirect = el('input', {type: 'text', id: 'login-redirect', 'aria-label': 'The address the browser was sent to',
      placeholder: 'http://localhost:…/callback?code=…'});
    const paste = el('button', {type: 'button', id: 'login-paste'}, 'Send');
    login = {state: started.state, text: stateText, flow};
    fill(flow,
        el('p', {}, el('a', {href: started.url, target: '_blank', rel: 'noopener noreferrer', id: 'login-url'},
            'Open the sign-in page'), ' and consent; this page follows it',
            started.expiresAt ? [' until ', formatTime(started.expiresAt)] : null, '.'),
        stateText,
        el('details', {}, el('summary', {}, 'Signing in on another machine?'),
            el('p', {class: 'muted'}, 'Paste the address the browser ended on after consenting:'),
            el('div', {class: 'actions'}, redirect, paste)),
        el('div', {class: 'actions'}, check, cancel));
    const loginPath = `${LOCAL_BASE}/accounts/login/${encodeURIComponent(started.state)}`;
    check.addEventListener('click', () => busy(check, checkLogin));
    cancel.addEventListener('click', () => busy(cancel, async () => {
      try {
        await request(loginPath, {method: 'DELETE'});
      } catch {
        // Already over: nothing to cancel.
      }
      login = null;
      fill(flow, message('info', 'Sign-in cancelled.'));
    }));
    paste.addEventListener('click', () => busy(paste, async () => {
      try {
        await sendJson('POST', `${loginPath}/callback`, {redirectUrl: redirect.value.trim()});
        await checkLogin();
      } catch (e) {
        stateText.textContent = e.message;
      }
    }));
  }

  async function checkLogin() {
    if (!login) {
      return;
    }
    const current = login;
    try {
      const answer = await getJson(`${LOCAL_BASE}/accounts/login/${encodeURIComponent(current.state)}`);
      if (login !== current) {
        return;
      }
      if (answer.status === 'ok') {
        login = null;
        fill(current.flow, message('ok', el('span', {id: 'login-done'},
            `Added ${answer.account?.email ?? answer.account?.accountId ?? 'the account'}.`)));
        loadAccounts();
        loadFiles();
      } else if (answer.status === 'error') {
        login = null;
        fill(current.flow, message('error', `Sign-in failed: ${answer.error ?? 'unknown reason'}`));
      } else {
        current.text.textContent = 'Waiting for the sign-in…';
      }
    } catch (e) {
      current.text.textContent = e.message;
    }
  }

  function importForm() {
    const file = el('input', {type: 'file', id: 'import-file', accept: '.json,application/json', 'aria-label': 'Token file'});
    const name = el('input', {type: 'text', id: 'import-name', 'aria-label': 'File name (optional)', placeholder: 'name (optional)'});
    const send = el('button', {type: 'button', id: 'import'}, 'Import');
    const result = el('div', {id: 'import-result'});
    send.addEventListener('click', () => busy(send, async () => {
      if (!file.files?.[0]) {
        fill(result, message('error', 'Choose a token file first.'));
        return;
      }
      const text = await file.files[0].text();
      const query = (replace) => {
        const params = new URLSearchParams();
        if (name.value.trim()) {
          params.set('name', name.value.trim());
        }
        if (replace) {
          params.set('replace', 'true');
        }
        return params.size ? `?${params}` : '';
      };
      const post = (replace) => request(`${LOCAL_BASE}/accounts/import${query(replace)}`,
          {method: 'POST', headers: {'Content-Type': 'application/json'}, body: text});
      try {
        let response;
        try {
          response = await post(false);
        } catch (e) {
          if (!(e instanceof ApiError && e.status === 409 && window.confirm(`${e.message}\n\nReplace it?`))) {
            throw e;
          }
          response = await post(true);
        }
        const account = await response.json();
        fill(result, message('ok', `Imported ${account.email ?? account.accountId ?? 'the account'}.`));
        file.value = '';
        loadAccounts();
        loadFiles();
      } catch (e) {
        fill(result, message('error', e.message));
      }
    }));
    return el('div', {}, el('h4', {}, 'Import a token file'), el('div', {class: 'actions'}, file, name, send), result);
  }

  // The automation's policy (GET /control-settings, a key left out taking the server's default from GET
  // /control-settings/defaults) says why it acts; its acts come live on the event stream.
  async function loadPolicy() {
    let settings;
    let defaults;
    try {
      [settings, defaults] = await Promise.all([getJson(`${LOCAL_BASE}/control-settings`),
        getJson(`${LOCAL_BASE}/control-settings/defaults`)]);
    } catch (e) {
      fill(policy, e.missingRoute ? null : message('warn', `Automation policy: ${e.message}`));
      return;
    }
    const a = {...defaults.automation, ...settings.automation};
    fill(policy, a.enabled
      ? el('p', {class: 'policy'}, el('strong', {}, 'On: '),
          `pauses an account when a quota has ${a.pauseAtPercent}% or less left and resumes it when that quota resets; `
          + `tells quota-low at ${a.lowAtPercent}%; asks every ${a.pollInterval}`
          + `${a.providers.length > 0 ? ` (${a.providers.join(', ')})` : ' (every provider with a quota API)'}. `
          + 'A pause by a person is never undone.')
      : el('p', {class: 'policy muted'}, 'The quota automation is off: turn it on under automation in ',
          el('a', {href: app.href('settings')}, 'Settings'), '.'));
  }

  function explain(type, alert) {
    const who = `${alert.provider} · ${alert.accountId ?? alert.file ?? ''}`;
    const low = (alert.quotas ?? []).map((q) => `${q.model}: ${formatNumber(q.remaining)}${q.unit === 'percent' ? '%' : ''} left`).join(', ');
    switch (type) {
      case 'account-paused':
        return alert.reason === 'quota'
          ? [`Paused ${who}`, `its quota ran low${low ? ` (${low})` : ''}; resumes ${alert.resumeAt ? formatTime(alert.resumeAt) : 'after a back-off'}`]
          : [`Paused ${who}`, 'by a person; the automation never undoes that'];
      case 'account-resumed':
        return [`Resumed ${who}`, alert.reason === 'quota' ? 'its quota was reset' : 'by a person; the automation leaves it until the next reset'];
      case 'quota-low':
        return [`Quota low on ${who}`, low];
      case 'token-expiring':
        return [`Token of ${who} expires soon`, alert.expiresAt ? `at ${formatTime(alert.expiresAt)}: sign in again` : ''];
      case 'token-expired':
        return [`Token of ${who} expired`, 'sign in again; it is not asked for quota until then'];
      default:
        return [type, ''];
    }
  }

  function addToFeed(type, alert) {
    const [what, why] = explain(type, alert);
    feed.querySelector('.muted')?.remove();
    feed.prepend(el('li', {dataset: {event: type}}, el('strong', {}, what), ' ', when(alert.at ?? Date.now()),
        why ? el('span', {class: 'why'}, why) : null));
  }

  async function loadAlerts() {
    clearTimeout(deliveryTimer);
    let answer;
    try {
      answer = await getJson(`${LOCAL_BASE}/alerts`);
    } catch (e) {
      fill(alertsBox, e.missingRoute ? unavailable('Alerts') : message('error', e.message));
      return;
    }
    const webhooks = answer.webhooks ?? [];
    const deliveries = answer.deliveries ?? [];
    fill(alertsBox,
        el('h4', {}, 'Webhooks'),
        webhooks.length === 0 ? el('p', {class: 'muted'}, 'None: add them under alerts.webhooks in ',
            el('a', {href: app.href('settings')}, 'Settings'), '.')
          : el('div', {class: 'table-wrap'}, el('table', {id: 'webhooks'},
              el('thead', {}, el('tr', {}, ['Name', 'URL', 'Events', 'Signed'].map((h) => el('th', {scope: 'col'}, h)))),
              el('tbody', {}, webhooks.map((w) => el('tr', {},
                  el('td', {}, w.name), el('td', {}, w.url), el('td', {}, (w.events ?? []).join(', ') || 'all'),
                  el('td', {}, w.signed ? 'yes' : 'no')))))),
        el('h4', {}, 'Last deliveries'),
        deliveries.length === 0 ? el('p', {class: 'muted'}, 'None yet.')
          : el('div', {class: 'table-wrap'}, el('table', {id: 'deliveries'},
              el('thead', {}, el('tr', {}, ['Event', 'Webhook', 'State', 'Attempts', 'Answer', 'When'].map((h) => el('th', {scope: 'col'}, h)))),
              el('tbody', {}, deliveries.map((d) => el('tr', {},
                  el('td', {}, d.event), el('td', {}, d.webhook),
                  el('td', {}, el('span', {class: `state ${d.state}`}, d.state)),
                  el('td', {class: 'num'}, d.attempts),
                  el('td', {}, d.status ?? d.error ?? ''),
                  el('td', {}, when(d.lastAttemptAt ?? d.createdAt))))))),
        answer.dropped ? message('warn', `${answer.dropped} deliveries dropped (queue full).`) : null);
    if (deliveries.some((d) => d.state === 'pending')) {
      deliveryTimer = setTimeout(() => {
        if (!container.hidden && !instance) {
          loadAlerts();
        }
      }, PENDING_DELIVERY_MS);
    }
  }

  // The auth files (this server's or the instance's), each downloadable.
  async function loadFiles() {
    const base = app.base(instance);
    let answer;
    try {
      answer = await getJson(`${base}/auth-files`);
    } catch (e) {
      fill(filesBox, e.missingRoute ? unavailable('Auth files') : message('error', e.message));
      return;
    }
    const files = answer.files ?? [];
    fill(filesBox, files.length === 0 ? el('p', {class: 'muted'}, 'No auth file.')
      : el('div', {class: 'table-wrap'}, el('table', {id: 'auth-file-list'},
          el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, 'File'), el('th', {scope: 'col', class: 'num'}, 'Size'),
              el('th', {scope: 'col'}, 'Modified'))),
          el('tbody', {}, files.map((f) => el('tr', {},
              el('td', {}, downloadLink(`${base}/auth-files/download?name=${encodeURIComponent(f.name)}`, f.name)),
              el('td', {class: 'num nowrap'}, formatBytes(f.size)),
              el('td', {class: 'nowrap'}, formatTime(f.mtime))))))),
    answer.directory ? el('p', {class: 'muted'}, `In ${answer.directory}.`) : null);
  }

  async function loadInstanceQuota() {
    fill(instanceQuota, el('p', {class: 'muted'}, 'Asking…'));
    let answer;
    try {
      answer = await getJson(`${FLEET_BASE}/quota`);
    } catch (e) {
      fill(instanceQuota, message('error', e.message));
      return;
    }
    const mine = (answer.instances ?? []).find((i) => i.id === instance);
    if (!mine) {
      fill(instanceQuota, message('warn', 'This instance is no longer in the fleet.'));
    } else if (mine.error) {
      fill(instanceQuota, message('error', `${mine.error}${mine.message ? `: ${mine.message}` : ''}`));
    } else {
      fill(instanceQuota, (mine.accounts ?? []).length === 0 ? el('p', {class: 'muted'}, 'No account.')
        : el('div', {class: 'cards'}, mine.accounts.map((a) => el('article', {class: 'card account', dataset: {account: `${a.provider}/${a.accountId}`}},
            el('h3', {}, `${a.provider} · ${a.accountId}`),
            renderQuota(a.quota ?? {error: {message: `${a.error}${a.message ? `: ${a.message}` : ''}`}})))),
      mine.sameAccountsAs ? el('p', {class: 'muted'}, `The same accounts as ${mine.sameAccountsAs} (one CCS directory).`) : null);
    }
  }

  function reloadSoon() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      if (!container.hidden && !instance) {
        loadAccounts();
        loadAlerts();
      }
    }, 300);
  }

  for (const name of ALERT_EVENTS) {
    app.events.addEventListener(name, (event) => {
      addToFeed(name, event.detail ?? {});
      reloadSoon();
    });
  }
  for (const name of LOGIN_EVENTS) {
    app.events.addEventListener(name, () => checkLogin());
  }
  fill(feed, el('li', {class: 'muted'}, 'Nothing since this page opened. Pauses and resumes by the quota automation, '
      + 'low quotas and expiring tokens appear here as they happen.'));
  refresh.addEventListener('click', () => busy(refresh, async () => {
    quotas.clear();
    await Promise.all([loadAccounts(), loadAlerts(), loadPolicy(), loadFiles()]);
  }));
  instanceQuotaButton.addEventListener('click', () => busy(instanceQuotaButton, loadInstanceQuota));

  return {
    show(params, nextInstance, entered) {
      const changed = nextInstance !== instance;
      instance = nextInstance;
      localPart.hidden = Boolean(instance);
      instancePart.hidden = !instance;
      if (changed) {
        fill(instanceQuota);
      }
      if (!instance && !loaded) {
        loaded = true;
        renderAdd();
      }
      if (entered || changed) {
        loadFiles();
        if (!instance) {
          loadAccounts();
          loadAlerts();
          loadPolicy();
        }
      }
    },
  };
}
