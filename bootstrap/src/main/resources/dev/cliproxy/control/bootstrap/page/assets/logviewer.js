// A viewer that stays fast on a multi-megabyte log: the text is read as a stream (with its progress), split into
// rows of at most ROW_CHARS characters, and only the rows in view (plus a margin) are in the DOM at any time.
import {request} from './api.js';
import {el, fill, formatBytes, message} from './dom.js';

const ROW_HEIGHT = 18;
const ROW_CHARS = 2000;
const MARGIN_ROWS = 30;
const MAX_MATCHES = 10_000;
const SECTION = /^===\s*(.+?)\s*===$/;

export function createLogViewer() {
  const status = el('p', {class: 'muted', id: 'log-status', role: 'status'});
  const search = el('input', {type: 'search', id: 'log-search', placeholder: 'Find in log', 'aria-label': 'Find in log'});
  const found = el('span', {class: 'muted', id: 'log-found', 'aria-live': 'polite'});
  const previous = el('button', {type: 'button', 'aria-label': 'Previous match'}, '↑');
  const next = el('button', {type: 'button', 'aria-label': 'Next match'}, '↓');
  const sections = el('select', {id: 'log-sections', 'aria-label': 'Go to section'});
  const sizer = el('div');
  const rowsBox = el('div', {class: 'log-rows', id: 'log-rows'});
  const view = el('div', {class: 'log-view', id: 'log-view', tabindex: '0', role: 'region', 'aria-label': 'Log content'},
      sizer, rowsBox);
  const element = el('div', {class: 'log-viewer'},
      el('div', {class: 'viewer-bar'}, search, previous, next, found, sections), status, view);

  let lines = [];
  let rowLine = new Int32Array(0);
  let rowStart = new Int32Array(0);
  let lineFirstRow = new Int32Array(0);
  let matches = [];
  let match = -1;
  let query = '';
  let rendered = '';
  let loading = null;

  function index(text) {
    lines = text.split('\n');
    if (lines.length > 1 && lines.at(-1) === '') {
      lines.pop();
    }
    let count = 0;
    for (const line of lines) {
      count += Math.max(1, Math.ceil(line.length / ROW_CHARS));
    }
    rowLine = new Int32Array(count);
    rowStart = new Int32Array(count);
    lineFirstRow = new Int32Array(lines.length);
    let row = 0;
    lines.forEach((line, n) => {
      lineFirstRow[n] = row;
      for (let start = 0; start === 0 || start < line.length; start += ROW_CHARS) {
        rowLine[row] = n;
        rowStart[row] = start;
        row++;
      }
    });
    sizer.style.height = `${count * ROW_HEIGHT}px`;
    fill(sections, el('option', {value: ''}, 'Go to section…'),
        lines.map((line, n) => [line, n]).filter(([line]) => SECTION.test(line))
            .map(([line, n]) => el('option', {value: String(n)}, `${SECTION.exec(line)[1]} (line ${n + 1})`)));
    sections.hidden = sections.options.length <= 1;
  }

  function render(force = false) {
    const count = rowLine.length;
    const first = Math.max(0, Math.floor(view.scrollTop / ROW_HEIGHT) - MARGIN_ROWS);
    const last = Math.min(count, Math.ceil((view.scrollTop + view.clientHeight) / ROW_HEIGHT) + MARGIN_ROWS);
    const key = `${first}:${last}`;
    if (!force && key === rendered) {
      return;
    }
    rendered = key;
    rowsBox.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    const currentLine = match >= 0 ? matches[match] : -1;
    const rows = [];
    for (let row = first; row < last; row++) {
      const n = rowLine[row];
      const start = rowStart[row];
      const text = lines[n].slice(start, start + ROW_CHARS);
      const classes = ['log-row'];
      if (start === 0 && SECTION.test(lines[n])) {
        classes.push('section');
      }
      if (n === currentLine) {
        classes.push('hit');
      }
      rows.push(el('div', {class: classes.join(' ')},
          el('span', {class: 'ln'}, start === 0 ? String(n + 1) : '↪'),
          el('span', {class: 'tx'}, query && n === currentLine ? highlight(text) : text)));
    }
    rowsBox.replaceChildren(...rows);
  }

  function highlight(text) {
    const parts = [];
    const lower = text.toLowerCase();
    let at = 0;
    for (let i = lower.indexOf(query); i >= 0; i = lower.indexOf(query, i + query.length)) {
      parts.push(text.slice(at, i), el('mark', {}, text.slice(i, i + query.length)));
      at = i + query.length;
    }
    parts.push(text.slice(at));
    return parts;
  }

  function scrollToLine(n) {
    view.scrollTop = Math.max(0, lineFirstRow[n] * ROW_HEIGHT - view.clientHeight / 3);
    render(true);
  }

  function find() {
    query = search.value.toLowerCase();
    matches = [];
    match = -1;
    if (query) {
      for (let n = 0; n < lines.length && matches.length < MAX_MATCHES; n++) {
        if (lines[n].toLowerCase().includes(query)) {
          matches.push(n);
        }
      }
    }
    step(1);
  }

  function step(direction) {
    if (matches.length === 0) {
      found.textContent = query ? 'No match' : '';
      render(true);
      return;
    }
    match = (match + direction + matches.length) % matches.length;
    found.textContent = `${match + 1} of ${matches.length}${matches.length === MAX_MATCHES ? '+' : ''}`;
    scrollToLine(matches[match]);
  }

  view.addEventListener('scroll', () => requestAnimationFrame(() => render()));
  window.addEventListener('resize', () => render());
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      if (search.value.toLowerCase() !== query) {
        find();
      } else {
        step(event.shiftKey ? -1 : 1);
      }
    }
  });
  search.addEventListener('search', find);
  next.addEventListener('click', () => (search.value.toLowerCase() !== query ? find() : step(1)));
  previous.addEventListener('click', () => (search.value.toLowerCase() !== query ? find() : step(-1)));
  sections.addEventListener('change', () => {
    if (sections.value !== '') {
      scrollToLine(Number(sections.value));
    }
  });

  /** Reads the log at `url` into the viewer, showing the bytes read so far; a new load cancels the previous one. */
  async function load(url) {
    loading?.abort();
    const controller = new AbortController();
    loading = controller;
    index('');
    search.value = '';
    query = '';
    matches = [];
    match = -1;
    found.textContent = '';
    view.scrollTop = 0;
    view.scrollLeft = 0;
    render(true);
    fill(status, 'Loading…');
    try {
      const response = await request(url, {signal: controller.signal});
      const total = Number(response.headers.get('Content-Length')) || 0;
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const parts = [];
      let bytes = 0;
      for (;;) {
        const {value, done} = await reader.read();
        if (done) {
          break;
        }
        bytes += value.length;
        parts.push(decoder.decode(value, {stream: true}));
        status.textContent = `Loading… ${formatBytes(bytes)}${total ? ` of ${formatBytes(total)}` : ''}`;
      }
      parts.push(decoder.decode());
      index(parts.join(''));
      fill(status, `${lines.length.toLocaleString()} lines, ${formatBytes(bytes)}`);
      render(true);
    } catch (e) {
      if (e.name !== 'AbortError') {
        fill(status, message('error', e.message));
      }
    }
  }

  return {element, load, focus: () => view.focus()};
}
