// Fleet: every instance's state in one table (GET /api/fleet/status, each instance within its own deadline), with
// links to each instance's own pages (proxy, error logs, config, accounts, through /api/fleet/instances/{id}/...);
// every account's quota across the fleet (GET /api/fleet/quota, asked for on demand: it calls every provider);
// remote proxies registered and forgotten here.
import {FLEET_BASE, getJson, sendJson} from './api.js';
import {busy, el, fill, message, unavailable} from './dom.js';
import {renderQuota} from './quota.js';

/** Each instance's own pages, through /api/fleet/instances/{id}/... */
const PAGES = {proxy: 'Proxy', logs: 'Logs', config: 'Config', accounts: 'Accounts'};

export function fleetSection(container, app) {
  const refresh = el('button', {type: 'button', id: 'fleet-refresh'}, 'Refresh');
  const timing = el('span', {class: 'muted', id: 'fleet-timing'});
  const table = el('div', {id: 'fleet-table'});
  const register = el('div', {id: 'fleet-register'});
  const quotaButton = el('button', {type: 'button', id: 'fleet-quota-load'}, 'Ask for every quota');
  const quotaBox = el('div', {id: 'fleet-quota'});
  container.append(el('article', {class: 'card'}, el('div', {class: 'actions'}, refresh, timing), table),
      el('article', {class: 'card', 'aria-labelledby': 'fleet-quota-title'},
          el('h3', {id: 'fleet-quota-title'}, 'Quotas across the fleet'),
          el('p', {class: 'muted'}, 'Every account of every instance; at most a few provider calls at once.'),
          el('div', {class: 'actions'}, quotaButton), quotaBox),
      register);

  async function load() {
    let status;
    let instances = [];
    try {
      [status, instances] = await Promise.all([getJson(`${FLEET_BASE}/status`),
        getJson(`${FLEET_BASE}/instances`).then((a) => a.instances ?? []).catch(() => [])]);
    } catch (e) {
      fill(table, e.missingRoute ? unavailable('Fleet') : message('error', e.message));
      timing.textContent = '';
      fill(register);
      return;
    }
    const sources = new Map(instances.map((i) => [i.id, i.source]));
    timing.textContent = `Answered in ${status.elapsedMs} ms`;
    fill(table, el('div', {class: 'table-wrap'}, el('table', {id: 'fleet-instances'},
        el('thead', {}, el('tr', {}, ['Instance', 'Kind', 'State', 'Port', 'PID', 'Sessions', 'Version', 'Time', 'Pages', '']
            .map((h) => el('th', {scope: 'col'}, h)))),
        el('tbody', {}, (status.instances ?? []).map((i) => {
          const forget = sources.get(i.id) === 'registered'
            ? el('button', {type: 'button', class: 'link'}, 'Forget') : null;
          forget?.addEventListener('click', () => busy(forget, async () => {
            if (window.confirm(`Forget ${i.name}? Its proxy is not touched.`)) {
              await sendJson('DELETE', `${FLEET_BASE}/instances/${encodeURIComponent(i.id)}`).catch((e) => window.alert(e.message));
              await load();
            }
          }));
          return el('tr', {dataset: {instance: i.id}},
              el('td', {}, el('strong', {}, i.name ?? i.id), i.baseUrl ? el('div', {class: 'muted'}, i.baseUrl) : null),
              el('td', {}, i.kind),
              el('td', {}, el('span', {class: `state ${i.running ? 'running' : (i.state === 'stopped' ? 'stopped' : 'bad')}`}, i.state),
                  i.message ? el('div', {class: 'muted'}, i.message) : null),
              el('td', {class: 'num'}, i.port ?? ''),
              el('td', {class: 'num'}, i.pid ?? ''),
              el('td', {class: 'num'}, i.sessionCount ?? ''),
              el('td', {}, i.version ?? ''),
              el('td', {class: 'num nowrap'}, i.elapsedMs !== undefined ? `${i.elapsedMs} ms` : ''),
              el('td', {class: 'pages'}, Object.entries(PAGES).flatMap(([section, title], n) => [n > 0 ? ' · ' : null,
                el('a', {href: app.href(section, {instance: i.id}), dataset: {page: section}}, title)])),
              el('td', {}, forget));
        })))));
    renderRegister();
  }

  function renderRegister() {
    if (!app.routes.has('post', '/api/fleet/instances')) {
      fill(register);
      return;
    }
    const name = el('input', {type: 'text', id: 'fleet-name', 'aria-label': 'Name', placeholder: 'Home server'});
    const url = el('input', {type: 'text', id: 'fleet-url', 'aria-label': 'Base URL', placeholder: 'https://proxy.example:8317'});
    const key = el('input', {type: 'password', id: 'fleet-key', 'aria-label': 'Management key', placeholder: 'management key',
      autocomplete: 'off'});
    const add = el('button', {type: 'button', class: 'primary', id: 'fleet-add'}, 'Add');
    const result = el('div', {id: 'fleet-register-result'});
    add.addEventListener('click', () => busy(add, async () => {
      const body = {name: name.value.trim(), baseUrl: url.value.trim()};
      if (key.value) {
        body.managementKey = key.value;
      }
      try {
        const registered = await sendJson('POST', `${FLEET_BASE}/instances`, body);
        key.value = '';
        await load();
        fill(register.querySelector('#fleet-register-result'), message('ok', `Added ${registered.name} (${registered.id}).`));
      } catch (e) {
        fill(result, message('error', e.message));
      }
    }));
    fill(register, el('article', {class: 'card', 'aria-labelledby': 'fleet-add-title'},
        el('h3', {id: 'fleet-add-title'}, 'Add a proxy on another host'),
        el('p', {class: 'muted'}, 'Its config needs remote-management.allow-remote and a secret-key; the key is '
            + 'kept in the control settings and never shown again.'),
        el('div', {class: 'actions'}, name, url, key, add), result));
  }

  async function loadQuota() {
    let answer;
    try {
      answer = await getJson(`${FLEET_BASE}/quota`);
    } catch (e) {
      fill(quotaBox, message('error', e.message));
      return;
    }
    const rows = [];
    for (const i of answer.instances ?? []) {
      if (i.error) {
        rows.push(el('tr', {}, el('td', {}, i.name ?? i.id), el('td', {colspan: '2'},
            message('error', `${i.error}${i.message ? `: ${i.message}` : ''}`))));
      } else if (i.sameAccountsAs) {
        rows.push(el('tr', {}, el('td', {}, i.name ?? i.id), el('td', {colspan: '2', class: 'muted'},
            `The same accounts as ${i.sameAccountsAs} (one CCS directory).`)));
      } else {
        for (const a of i.accounts ?? []) {
          rows.push(el('tr', {dataset: {account: `${i.id}/${a.provider}/${a.accountId}`}},
              el('td', {}, i.name ?? i.id), el('td', {}, `${a.provider} · ${a.accountId}`),
              el('td', {class: 'quota-cell'},
                  renderQuota(a.quota ?? {error: {message: `${a.error}${a.message ? `: ${a.message}` : ''}`}}))));
        }
      }
    }
    fill(quotaBox, rows.length === 0 ? el('p', {class: 'muted'}, 'No account in the fleet.')
      : el('div', {class: 'table-wrap'}, el('table', {id: 'fleet-quota-table'},
          el('thead', {}, el('tr', {}, ['Instance', 'Account', 'Quota'].map((h) => el('th', {scope: 'col'}, h)))),
          el('tbody', {}, rows))));
  }

  refresh.addEventListener('click', () => busy(refresh, load));
  quotaButton.addEventListener('click', () => busy(quotaButton, loadQuota));
  return {
    show(params, instance, entered) {
      if (entered) {
        load();
      }
    },
  };
}
