// Config: the proxy's config.yaml in an editor with line numbers. A save sends If-Match with the ETag it was read
// with: a change made meanwhile (412) is offered to reload and compare, never overwritten unseen. Invalid YAML
// (400) points at its line and column. The backup the last save kept can be compared and restored.
import {ApiError, request} from './api.js';
import {busy, el, fill, formatTime, message, unavailable} from './dom.js';
import {bindEditor, diffView, offerReloadAndCompare} from './diff.js';

const LINE_HEIGHT = 19;

export function configSection(container, app) {
  const gutter = el('pre', {class: 'gutter', 'aria-hidden': 'true', id: 'config-gutter'});
  const editor = el('textarea', {id: 'config-editor', spellcheck: 'false', wrap: 'off', autocapitalize: 'off',
    autocomplete: 'off', 'aria-label': 'config.yaml', 'aria-describedby': 'config-message'});
  const save = el('button', {type: 'button', id: 'config-save', class: 'primary'}, 'Save');
  const reload = el('button', {type: 'button', id: 'config-reload'}, 'Reload');
  const compareBackup = el('button', {type: 'button', id: 'config-backup'}, 'Compare with backup');
  const state = el('span', {class: 'muted', id: 'config-state'});
  const messageBox = el('div', {id: 'config-message'});
  const panel = el('div', {id: 'config-panel'});

  container.append(el('article', {class: 'card'},
      el('div', {class: 'actions'}, save, reload, compareBackup, state),
      messageBox, panel,
      el('div', {class: 'editor'}, gutter, editor),
      el('p', {class: 'muted'}, 'Ctrl+S saves. Tab moves to the next control; indent with spaces.')));

  let instance;
  let etag = null;
  let saved = '';
  let lineCount = 0;
  let errorLine = 0;

  const base = () => app.base(instance);
  const backupRoute = () => (instance
    ? app.routes.has('get', '/api/fleet/instances/{id}/config.yaml/backup')
    : app.routes.has('get', '/api/cliproxy/config.yaml/backup'));

  function renderGutter(force = false) {
    const count = editor.value.split('\n').length;
    if (!force && count === lineCount) {
      return;
    }
    lineCount = count;
    const numbers = [];
    for (let n = 1; n <= count; n++) {
      numbers.push(el('span', {class: n === errorLine ? 'error' : ''}, String(n)));
    }
    gutter.replaceChildren(...numbers);
    gutter.scrollTop = editor.scrollTop;
  }

  function renderState() {
    const dirty = editor.value !== saved;
    state.textContent = dirty ? 'Unsaved changes' : (etag ? 'Saved' : '');
  }

  function markError(line, column) {
    errorLine = line;
    renderGutter(true);
    const lines = editor.value.split('\n');
    let offset = 0;
    for (let n = 0; n < Math.min(line - 1, lines.length); n++) {
      offset += lines[n].length + 1;
    }
    offset += Math.max(0, Math.min(column - 1, (lines[line - 1] ?? '').length));
    editor.focus();
    editor.setSelectionRange(offset, offset);
    editor.scrollTop = Math.max(0, (line - 1) * LINE_HEIGHT - editor.clientHeight / 3);
  }

  function clearError() {
    if (errorLine) {
      errorLine = 0;
      renderGutter(true);
    }
  }

  async function readConfig() {
    const response = await request(`${base()}/config.yaml`);
    return {text: await response.text(), etag: response.headers.get('ETag')};
  }

  async function load() {
    fill(messageBox);
    fill(panel);
    try {
      const current = await readConfig();
      setContent(current.text, current.etag);
    } catch (e) {
      etag = null;
      setContent('', null);
      fill(messageBox, e.missingRoute ? unavailable('The config')
        : (e.status === 404 ? message('info', 'No config file yet: the proxy\'s first start writes one, or save one here.')
          : message('error', e.message)));
    }
  }

  function setContent(text, tag) {
    saved = text;
    etag = tag;
    editor.value = text;
    errorLine = 0;
    renderGutter(true);
    renderState();
  }

  /** Saves `text` with If-Match `tag` (none: unconditional); answers whether it was saved. */
  async function put(text, tag) {
    fill(messageBox);
    const headers = {'Content-Type': 'application/yaml; charset=utf-8'};
    if (tag) {
      headers['If-Match'] = tag;
    }
    try {
      const response = await request(`${base()}/config.yaml`, {method: 'PUT', headers, body: text});
      const answer = await response.json();
      saved = text;
      etag = response.headers.get('ETag') ?? etag;
      clearError();
      renderState();
      fill(messageBox, message('ok', el('span', {id: 'config-saved'}, `Saved to ${answer.path} at ${formatTime(Date.now())}.`)));
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 400 && e.code === 'invalid_yaml') {
        const at = /line (\d+), column (\d+)/.exec(e.detail ?? '');
        fill(messageBox, message('error', el('span', {id: 'config-error'}, `Not saved, invalid YAML: ${e.detail}`)));
        if (at) {
          markError(Number(at[1]), Number(at[2]));
        }
      } else if (e instanceof ApiError && e.status === 412) {
        offerReload(text);
      } else {
        fill(messageBox, message('error', `Not saved: ${e.message}`));
      }
      return false;
    }
  }

  /** 412: the file changed since it was read. Reload it and show what differs from this editor's text. */
  function offerReload(mine) {
    offerReloadAndCompare(panel, {
      id: 'config',
      warning: 'Not saved: config.yaml changed on disk since it was opened here (someone else saved it).',
      heading: 'The file on disk (−) and your text (+)',
      takeLabel: 'Use the file on disk',
      mine,
      read: readConfig,
      take(theirs) {
        setContent(theirs.text, theirs.etag);
        fill(messageBox, message('info', 'Loaded the file on disk; your text was discarded.'));
      },
      keep(text, theirs) {
        editor.value = text;
        return put(text, theirs.etag);
      },
    });
  }

  async function showBackup() {
    fill(panel);
    let backup;
    try {
      backup = await (await request(`${base()}/config.yaml/backup`)).text();
    } catch (e) {
      fill(panel, e.missingRoute ? unavailable('The backup')
        : message(e.status === 404 ? 'info' : 'error', e.status === 404
          ? 'No backup yet: each save keeps the previous content as config.yaml.bak.' : e.message));
      return;
    }
    const restore = el('button', {type: 'button', id: 'config-restore', class: 'primary'}, 'Restore this backup');
    const close = el('button', {type: 'button'}, 'Close');
    fill(panel, el('div', {class: 'card', id: 'config-backup-view'},
        el('h3', {}, 'The backup (−) and the editor\'s text (+)'),
        diffView(backup, editor.value, 'config-backup-diff'),
        el('p', {class: 'muted'}, 'Restoring saves the backup as config.yaml; what it replaces becomes the new backup.'),
        el('div', {class: 'actions'}, restore, close)));
    close.addEventListener('click', () => fill(panel));
    restore.addEventListener('click', () => busy(restore, async () => {
      if (await put(backup, etag)) {
        setContent(backup, etag);
        fill(panel);
        fill(messageBox, message('ok', el('span', {id: 'config-saved'}, 'The backup was restored.')));
      }
    }));
  }

  editor.addEventListener('input', () => {
    clearError();
    renderGutter();
    renderState();
  });
  editor.addEventListener('scroll', () => {
    gutter.scrollTop = editor.scrollTop;
  });
  bindEditor({editor, save, reload, put: () => put(editor.value, etag), load, unchanged: () => editor.value === saved});
  compareBackup.addEventListener('click', () => busy(compareBackup, showBackup));
  window.addEventListener('beforeunload', (event) => {
    if (editor.value !== saved) {
      event.preventDefault();
    }
  });

  return {
    show(params, nextInstance, entered) {
      const changed = nextInstance !== instance;
      if (changed && editor.value !== saved && !window.confirm('Discard your unsaved changes to the config?')) {
        app.go('config', {instance});
        return;
      }
      instance = nextInstance;
      compareBackup.hidden = !backupRoute();
      // Read afresh (with its current ETag) when shown, unless there is an edit in progress.
      if (changed || (entered && editor.value === saved)) {
        load();
      }
    },
  };
}
