// A line diff for the compare views (the config's, the settings'): the common head and tail set aside, then the
// longest common subsequence of what is left (configs differ in a few places); past a size bound, what is left is
// shown as replaced rather than computed slowly. And the one way a save refused with 412 is resolved,
// and the keys and buttons of such an editor.
import {busy, el, fill, message} from './dom.js';

const MAX_CELLS = 4_000_000;
const CONTEXT = 3;

/** The lines of `before` and `after` as [{op: ' ' | '-' | '+', text}], in order. */
export function diffLines(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) {
    head++;
  }
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) {
    tail++;
  }
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const out = a.slice(0, head).map((text) => ({op: ' ', text}));
  if ((midA.length + 1) * (midB.length + 1) > MAX_CELLS) {
    out.push(...midA.map((text) => ({op: '-', text})), ...midB.map((text) => ({op: '+', text})));
  } else {
    out.push(...lcsDiff(midA, midB));
  }
  out.push(...a.slice(a.length - tail).map((text) => ({op: ' ', text})));
  return out;
}

function lcsDiff(a, b) {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  // lengths[i * width + j]: the LCS length of a[i..] and b[j..].
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j] ? lengths[(i + 1) * width + j + 1] + 1
        : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({op: ' ', text: a[i]});
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
      out.push({op: '-', text: a[i++]});
    } else {
      out.push({op: '+', text: b[j++]});
    }
  }
  while (i < n) {
    out.push({op: '-', text: a[i++]});
  }
  while (j < m) {
    out.push({op: '+', text: b[j++]});
  }
  return out;
}

/** The diff as a block: changed lines with CONTEXT lines around them, long unchanged runs folded. */
export function diffView(before, after, id) {
  const lines = diffLines(before, after);
  const changed = lines.map((line) => line.op !== ' ');
  const near = (index) => {
    for (let k = Math.max(0, index - CONTEXT); k <= Math.min(lines.length - 1, index + CONTEXT); k++) {
      if (changed[k]) {
        return true;
      }
    }
    return false;
  };
  const rows = [];
  let folded = 0;
  lines.forEach((line, index) => {
    if (near(index)) {
      if (folded > 0) {
        rows.push(el('div', {class: 'skip'}, `… ${folded} unchanged line${folded === 1 ? '' : 's'}`));
        folded = 0;
      }
      rows.push(el('div', {class: {'-': 'del', '+': 'add', ' ': ''}[line.op]}, `${line.op} ${line.text}`));
    } else {
      folded++;
    }
  });
  if (folded > 0) {
    rows.push(el('div', {class: 'skip'}, `… ${folded} unchanged line${folded === 1 ? '' : 's'}`));
  }
  if (!changed.includes(true)) {
    rows.splice(0, rows.length, el('div', {class: 'skip'}, 'No difference.'));
  }
  return el('div', {class: 'diff', id, role: 'region', 'aria-label': 'Differences', tabindex: '0'}, rows);
}

/**
 * A save refused with 412 (someone else saved meanwhile), shown in `panel`: reload and compare the stored text
 * (`read()` answers {text, etag}) with `mine`, then take theirs (`take(theirs)`) or save mine over it
 * (`keep(mine, theirs)`, with their ETag; answers whether it was saved). Element ids start with `id`.
 */
export function offerReloadAndCompare(panel, {id, warning, heading, takeLabel, mine, read, take, keep}) {
  const reloadCompare = el('button', {type: 'button', id: `${id}-reload-compare`, class: 'primary'},
      'Reload and compare');
  fill(panel, el('div', {class: 'card', id: `${id}-conflict`}, message('warn', warning),
      el('div', {class: 'actions'}, reloadCompare)));
  reloadCompare.addEventListener('click', () => busy(reloadCompare, async () => {
    let theirs;
    try {
      theirs = await read();
    } catch (e) {
      fill(panel, message('error', e.message));
      return;
    }
    const keepMine = el('button', {type: 'button', id: `${id}-keep-mine`}, 'Save mine over it');
    const takeTheirs = el('button', {type: 'button', id: `${id}-take-theirs`, class: 'primary'}, takeLabel);
    fill(panel, el('div', {class: 'card', id: `${id}-conflict`}, el('h3', {}, heading),
        diffView(theirs.text, mine, `${id}-diff`), el('div', {class: 'actions'}, takeTheirs, keepMine)));
    takeTheirs.addEventListener('click', () => {
      fill(panel);
      take(theirs);
    });
    keepMine.addEventListener('click', () => busy(keepMine, async () => {
      if (await keep(mine, theirs)) {
        fill(panel);
      }
    }));
  }));
}

/**
 * The keys and buttons of a text editor saved with an ETag: Ctrl+S (or Cmd+S) saves, Save puts the text, Reload
 * asks before it throws away unsaved text. {@code unchanged} tells whether the text is what was last read or saved.
 */
export function bindEditor({editor, save, reload, put, load, unchanged}) {
  editor.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 's') {
      event.preventDefault();
      save.click();
    }
  });
  save.addEventListener('click', () => busy(save, put));
  reload.addEventListener('click', () => {
    if (unchanged() || window.confirm('Discard your unsaved changes?')) {
      busy(reload, load);
    }
  });
}
