// Error logs: the list (newest first, filtered by status and model, a page at a time) and one log in the viewer.
import {getJson} from './api.js';
import {busy, el, fill, formatBytes, formatTime, message, unavailable} from './dom.js';
import {createLogViewer} from './logviewer.js';

const PAGE_SIZE = 25;

export function logsSection(container, app) {
  const statusFilter = el('select', {id: 'log-status-filter'});
  const modelFilter = el('select', {id: 'log-model-filter'});
  const refresh = el('button', {type: 'button', id: 'logs-refresh'}, 'Refresh');
  const listMessage = el('div');
  const body = el('tbody', {id: 'log-list'});
  const table = el('div', {class: 'table-wrap'}, el('table', {},
      el('caption', {class: 'muted', id: 'log-count'}),
      el('thead', {}, el('tr', {},
          el('th', {scope: 'col'}, 'Time'), el('th', {scope: 'col'}, 'Status'), el('th', {scope: 'col'}, 'Model'),
          el('th', {scope: 'col', class: 'num'}, 'Size'), el('th', {scope: 'col', class: 'hide-narrow'}, 'File'))),
      body));
  const newer = el('button', {type: 'button', id: 'logs-newer'}, '← Newer');
  const older = el('button', {type: 'button', id: 'logs-older'}, 'Older →');
  const pageLabel = el('span', {class: 'muted', id: 'logs-page'});
  const viewer = createLogViewer();
  const viewerTitle = el('h3', {id: 'viewer-title', tabindex: '-1'});
  const closeViewer = el('button', {type: 'button', id: 'viewer-close'}, 'Close');
  const viewerCard = el('article', {class: 'card', hidden: true, 'aria-labelledby': 'viewer-title'},
      el('div', {class: 'actions'}, viewerTitle, closeViewer), viewer.element);

  container.append(el('article', {class: 'card'},
      el('div', {class: 'filters'},
          el('span', {class: 'field'}, el('label', {for: 'log-status-filter'}, 'Status'), statusFilter),
          el('span', {class: 'field'}, el('label', {for: 'log-model-filter'}, 'Model'), modelFilter), refresh),
      listMessage, table, el('div', {class: 'pager'}, newer, older, pageLabel)), viewerCard);

  let instance;
  let files = [];
  let page = 0;
  let openName = null;

  function filtered() {
    return files.filter((f) => (statusFilter.value === '' || String(f.statusCode ?? '') === statusFilter.value)
        && (modelFilter.value === '' || (f.model ?? '') === modelFilter.value));
  }

  function options(select, values, all) {
    const chosen = select.value;
    fill(select, el('option', {value: ''}, all),
        [...values].sort().map((v) => el('option', {value: v}, v === '' ? '(none)' : v)));
    select.value = [...values].includes(chosen) ? chosen : '';
  }

  function renderList() {
    const shown = filtered();
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    const slice = shown.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    fill(body, slice.length === 0
      ? el('tr', {}, el('td', {colspan: '5', class: 'muted'}, files.length === 0 ? 'No error logs.' : 'No log matches.'))
      : slice.map((f) => el('tr', {class: f.name === openName ? 'selected' : ''},
          el('td', {class: 'nowrap'}, el('a', {href: app.href('logs', {instance, name: f.name}), class: 'log-open'},
              formatTime(f.mtime))),
          el('td', {}, f.statusCode ?? ''),
          el('td', {}, f.model ?? ''),
          el('td', {class: 'num nowrap'}, formatBytes(f.size)),
          el('td', {class: 'hide-narrow'}, f.name))));
    container.querySelector('#log-count').textContent =
        `${shown.length} of ${files.length} logs, newest first`;
    pageLabel.textContent = `Page ${page + 1} of ${pages}`;
    newer.disabled = page === 0;
    older.disabled = page >= pages - 1;
  }

  async function loadList() {
    fill(listMessage);
    try {
      const answer = await getJson(`${app.base(instance)}/error-logs`);
      files = answer.files ?? [];
      options(statusFilter, new Set(files.map((f) => String(f.statusCode ?? ''))), 'All statuses');
      options(modelFilter, new Set(files.map((f) => f.model ?? '')), 'All models');
      renderList();
    } catch (e) {
      files = [];
      renderList();
      fill(listMessage, e.missingRoute ? unavailable('Error logs') : message('error', e.message));
    }
  }

  statusFilter.addEventListener('change', () => {
    page = 0;
    renderList();
  });
  modelFilter.addEventListener('change', () => {
    page = 0;
    renderList();
  });
  newer.addEventListener('click', () => {
    page--;
    renderList();
  });
  older.addEventListener('click', () => {
    page++;
    renderList();
  });
  refresh.addEventListener('click', () => busy(refresh, loadList));
  closeViewer.addEventListener('click', () => app.go('logs', {instance}));

  return {
    show(params, nextInstance, entered) {
      const changed = nextInstance !== instance;
      instance = nextInstance;
      const name = params.get('name');
      if (changed) {
        page = 0;
      }
      if (changed || entered) {
        loadList();
      }
      if (name !== openName) {
        openName = name;
        viewerCard.hidden = !name;
        if (name) {
          viewerTitle.textContent = name;
          viewer.load(`${app.base(instance)}/error-logs/${encodeURIComponent(name)}`);
          viewerTitle.focus();
        }
        renderList();
      }
    },
  };
}
