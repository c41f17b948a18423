// Settings: the control server's own settings (GET/PUT /control-settings: supervision, the quota automation, alert
// webhooks, the fleet, the usage collector) as JSON. A save replaces them whole with If-Match, so a change made
// meanwhile (412) is never overwritten unseen: it is offered to reload and compare, as the config's. A refusal (400)
// names the key. Secrets are never shown: a save that leaves one out keeps it.
import {ApiError, LOCAL_BASE, request} from './api.js';
import {el, fill, formatTime, message} from './dom.js';
import {bindEditor, offerReloadAndCompare} from './diff.js';

export function settingsSection(container, app) {
  const editor = el('textarea', {id: 'settings-editor', class: 'json-editor', spellcheck: 'false', wrap: 'off',
    autocapitalize: 'off', autocomplete: 'off', 'aria-label': 'Control settings (JSON)',
    'aria-describedby': 'settings-message'});
  const save = el('button', {type: 'button', id: 'settings-save', class: 'primary'}, 'Save');
  const reload = el('button', {type: 'button', id: 'settings-reload'}, 'Reload');
  const state = el('span', {class: 'muted', id: 'settings-state'});
  const messageBox = el('div', {id: 'settings-message'});
  const panel = el('div', {id: 'settings-panel'});

  container.append(el('article', {class: 'card'},
      el('p', {class: 'muted'}, 'Stored in cliproxy/control.yaml. Sections: supervision, automation (the quota '
          + 'automation), alerts (webhooks), fleet, usage (the usage collector). Secrets (a webhook\'s secret, a '
          + 'management key) are never shown; leave them out to keep them.'),
      el('div', {class: 'actions'}, save, reload, state), messageBox, panel,
      el('div', {class: 'editor'}, editor),
      el('p', {class: 'muted'}, 'Ctrl+S saves.')));

  let etag = null;
  let saved = '';

  function setContent(text, tag) {
    saved = text;
    etag = tag;
    editor.value = saved;
    renderState();
  }

  function renderState() {
    state.textContent = editor.value !== saved ? 'Unsaved changes' : (etag ? 'Saved' : '');
  }

  /** The stored settings as the editor shows them, and their ETag. */
  async function read() {
    const response = await request(`${LOCAL_BASE}/control-settings`);
    return {text: `${JSON.stringify(await response.json(), null, 2)}\n`, etag: response.headers.get('ETag')};
  }

  async function load() {
    fill(messageBox);
    fill(panel);
    try {
      const stored = await read();
      setContent(stored.text, stored.etag);
    } catch (e) {
      fill(messageBox, message('error', e.message));
    }
  }

  /** Saves `text` with If-Match `tag` (none: unconditional); answers whether it was saved. */
  async function put(text, tag) {
    fill(messageBox);
    let settings;
    try {
      settings = JSON.parse(text);
    } catch (e) {
      fill(messageBox, message('error', el('span', {id: 'settings-error'}, `Not saved, not JSON: ${e.message}`)));
      return false;
    }
    const headers = {'Content-Type': 'application/json'};
    if (tag) {
      headers['If-Match'] = tag;
    }
    try {
      const response = await request(`${LOCAL_BASE}/control-settings`,
          {method: 'PUT', headers, body: JSON.stringify(settings)});
      setContent(`${JSON.stringify(await response.json(), null, 2)}\n`, response.headers.get('ETag'));
      fill(messageBox, message('ok', el('span', {id: 'settings-saved'}, `Saved at ${formatTime(Date.now())}.`)));
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        offerReload(text);
      } else {
        fill(messageBox, message('error', el('span', {id: 'settings-error'}, `Not saved: ${e.message}`)));
      }
      return false;
    }
  }

  /** 412: the settings changed since they were read. Reload them and show what differs from this editor's text. */
  function offerReload(mine) {
    offerReloadAndCompare(panel, {
      id: 'settings',
      warning: 'Not saved: the settings changed since they were read here (someone else saved them).',
      heading: 'The stored settings (−) and your text (+)',
      takeLabel: 'Use the stored settings',
      mine,
      read,
      take(theirs) {
        setContent(theirs.text, theirs.etag);
        fill(messageBox, message('info', 'Loaded the stored settings; your text was discarded.'));
      },
      keep(text, theirs) {
        editor.value = text;
        return put(text, theirs.etag);
      },
    });
  }

  editor.addEventListener('input', renderState);
  bindEditor({editor, save, reload, put: () => put(editor.value, etag), load, unchanged: () => editor.value === saved});

  return {
    show(params, instance, entered) {
      if (entered && editor.value === saved) {
        load();
      }
    },
  };
}
