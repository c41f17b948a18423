// Usage: the totals of a time range, by day and by model, and by any other grouping (GET /usage); the records
// themselves a page at a time (GET /usage/requests); the range exported as CSV or JSON lines (GET /usage/export);
// what the collector does (GET /usage/status).
import {LOCAL_BASE, downloadLink, getJson} from './api.js';
import {busy, el, fill, formatNumber, formatTime, message, unavailable, when} from './dom.js';

const RANGES = [['1', 'Last 24 hours'], ['7', 'Last 7 days'], ['30', 'Last 30 days'], ['90', 'Last 90 days']];
const GROUPINGS = [['provider', 'Provider'], ['account', 'Account'], ['apiKey', 'API key'], ['hour', 'Hour'],
  ['day', 'Day'], ['model', 'Model']];
const TOTALS = [['requests', 'Requests'], ['failures', 'Failures'], ['inputTokens', 'Input tokens'],
  ['outputTokens', 'Output tokens'], ['reasoningTokens', 'Reasoning tokens'], ['cachedTokens', 'Cached tokens'],
  ['latencyP50Ms', 'Latency p50 (ms)'], ['latencyP95Ms', 'Latency p95 (ms)']];
const PAGE_SIZE = 50;

export function usageSection(container, app) {
  const range = el('select', {id: 'usage-range', 'aria-label': 'Range'}, RANGES.map(([v, t]) => el('option', {value: v}, t)));
  const refresh = el('button', {type: 'button', id: 'usage-refresh'}, 'Refresh');
  const exports = el('span', {class: 'field', id: 'usage-export'});
  const collector = el('div', {id: 'usage-collector'});
  const totals = el('div', {id: 'usage-totals'});
  const byDay = el('div', {id: 'usage-by-day'});
  const byModel = el('div', {id: 'usage-by-model'});
  const groupBy = el('select', {id: 'usage-group', 'aria-label': 'Group by'},
      GROUPINGS.map(([v, t]) => el('option', {value: v}, t)));
  const byOther = el('div', {id: 'usage-by-other'});
  const requests = el('div', {id: 'usage-requests'});
  const nextPage = el('button', {type: 'button', id: 'usage-next', hidden: true}, 'Next page →');
  const firstPage = el('button', {type: 'button', id: 'usage-first', hidden: true}, '← First page');
  range.value = '7';
  container.append(
      el('article', {class: 'card'},
          el('div', {class: 'filters'}, range, refresh, exports), collector, totals),
      el('div', {class: 'cards'},
          el('article', {class: 'card', 'aria-labelledby': 'usage-day-title'},
              el('h3', {id: 'usage-day-title'}, 'By day (UTC)'), byDay),
          el('article', {class: 'card', 'aria-labelledby': 'usage-model-title'},
              el('h3', {id: 'usage-model-title'}, 'By model'), byModel)),
      el('article', {class: 'card', 'aria-labelledby': 'usage-other-title'},
          el('h3', {id: 'usage-other-title'}, el('label', {for: 'usage-group'}, 'By '), groupBy), byOther),
      el('article', {class: 'card', 'aria-labelledby': 'usage-requests-title'},
          el('h3', {id: 'usage-requests-title'}, 'Requests, oldest first'), requests,
          el('div', {class: 'pager'}, firstPage, nextPage)));

  /** The range shown, fixed when it is loaded so that every part (and the export) covers the same instants. */
  let shown = null;
  let cursor = null;

  const query = (extra = {}) => new URLSearchParams({from: String(shown.from), to: String(shown.to), ...extra});

  async function load() {
    const to = Date.now();
    shown = {from: to - Number(range.value) * 86_400_000, to};
    let report;
    try {
      report = await getJson(`${LOCAL_BASE}/usage?${query()}`);
    } catch (e) {
      fill(totals, e.missingRoute ? unavailable('Usage') : message('error', e.message));
      for (const part of [collector, byDay, byModel, byOther, requests, exports]) {
        fill(part);
      }
      return;
    }
    fill(totals, el('div', {class: 'tiles'}, TOTALS.map(([key, label]) =>
      el('div', {class: 'tile', dataset: {total: key}}, el('strong', {}, formatNumber(report.totals?.[key] ?? 0)),
          el('span', {}, label)))));
    fill(exports, 'Export ',
        downloadLink(`${LOCAL_BASE}/usage/export?${query({format: 'csv'})}`, 'CSV', {id: 'usage-export-csv'}), ' · ',
        downloadLink(`${LOCAL_BASE}/usage/export?${query({format: 'jsonl'})}`, 'JSON lines', {id: 'usage-export-jsonl'}));
    await Promise.all([loadCollector(), group('day', byDay), group('model', byModel),
      group(groupBy.value, byOther), loadRequests(null)]);
  }

  async function loadCollector() {
    try {
      const s = await getJson(`${LOCAL_BASE}/usage/status`);
      fill(collector, s.enabled
        ? message(s.state === 'collecting' ? 'ok' : 'warn', `Collecting: ${s.state}`,
            s.proxyVersion ? ` (proxy ${s.proxyVersion})` : '', `; ${formatNumber(s.collected)} stored since this server started`,
            s.lastDrain ? ['; last drained by ', s.lastDrain.by, ' ', when(s.lastDrain.at)] : '',
            s.lastError ? `. Last problem: ${s.lastError}` : '.')
        : message('info', 'The collector is off here: turn on usage.enabled in ', el('a', {href: app.href('settings')}, 'Settings'),
            ' (or start the server with --collect-usage) to record usage.'));
    } catch {
      fill(collector);
    }
  }

  async function group(by, box) {
    let answer;
    try {
      answer = await getJson(`${LOCAL_BASE}/usage?${query({groupBy: by})}`);
    } catch (e) {
      fill(box, message('error', e.message));
      return;
    }
    const groups = answer.groups ?? [];
    const most = Math.max(1, ...groups.map((g) => g.requests));
    fill(box, groups.length === 0 ? el('p', {class: 'muted'}, 'No request in this range.')
      : el('div', {class: 'table-wrap'}, el('table', {},
          el('thead', {}, el('tr', {}, [GROUPINGS.find(([v]) => v === by)[1], 'Requests', '', 'Failures', 'Input', 'Output']
              .map((h) => el('th', {scope: 'col'}, h)))),
          el('tbody', {}, groups.map((g) => {
            const bar = el('div', {class: 'bar'}, el('span'));
            bar.firstChild.style.width = `${Math.round((g.requests / most) * 100)}%`;
            return el('tr', {dataset: {key: g.key}},
                el('td', {}, g.key || '(none)'), el('td', {class: 'num'}, formatNumber(g.requests)), el('td', {class: 'bar-cell'}, bar),
                el('td', {class: 'num'}, formatNumber(g.failures)), el('td', {class: 'num'}, formatNumber(g.inputTokens)),
                el('td', {class: 'num'}, formatNumber(g.outputTokens)));
          })))));
  }

  async function loadRequests(after) {
    let page;
    try {
      page = await getJson(`${LOCAL_BASE}/usage/requests?${query(after ? {limit: String(PAGE_SIZE), cursor: after}
        : {limit: String(PAGE_SIZE)})}`);
    } catch (e) {
      fill(requests, message('error', e.message));
      return;
    }
    cursor = page.next ?? null;
    nextPage.hidden = !cursor;
    firstPage.hidden = !after;
    const records = page.requests ?? [];
    fill(requests, records.length === 0 ? el('p', {class: 'muted'}, 'No request in this range.')
      : el('div', {class: 'table-wrap'}, el('table', {id: 'usage-request-list'},
          el('thead', {}, el('tr', {}, ['Time', 'Model', 'Provider', 'Account', 'Status', 'Input', 'Output', 'Latency (ms)']
              .map((h) => el('th', {scope: 'col'}, h)))),
          el('tbody', {}, records.map((r) => el('tr', {class: r.failed ? 'failed' : ''},
              el('td', {class: 'nowrap'}, formatTime(r.timestamp)), el('td', {}, r.model), el('td', {}, r.provider),
              el('td', {}, r.account), el('td', {}, r.statusCode), el('td', {class: 'num'}, formatNumber(r.inputTokens)),
              el('td', {class: 'num'}, formatNumber(r.outputTokens)), el('td', {class: 'num'}, formatNumber(r.latencyMs))))))));
  }

  range.addEventListener('change', () => busy(refresh, load));
  groupBy.addEventListener('change', () => shown && group(groupBy.value, byOther));
  refresh.addEventListener('click', () => busy(refresh, load));
  nextPage.addEventListener('click', () => busy(nextPage, () => loadRequests(cursor)));
  firstPage.addEventListener('click', () => busy(firstPage, () => loadRequests(null)));
  return {
    show(params, instance, entered) {
      if (entered) {
        load();
      }
    },
  };
}
