// The page's shell: the sections, the hash routes (#/logs?instance=local-8318&name=...), the live event stream
// shared by every section, and what this server serves (its API description).
import {LOCAL_BASE, instanceBase, loadRoutes} from './api.js';
import {el, fill} from './dom.js';
import {follow} from './events.js';
import {proxySection} from './proxy.js';
import {logsSection} from './logs.js';
import {configSection} from './config.js';
import {accountsSection} from './accounts.js';
import {fleetSection} from './fleet.js';
import {usageSection} from './usage.js';
import {settingsSection} from './settings.js';

/** Sections in menu order; `perInstance`: also shown for a fleet instance, through its own routes. */
const SECTIONS = [
  {id: 'proxy', title: 'Proxy', perInstance: true, create: proxySection},
  {id: 'logs', title: 'Error logs', perInstance: true, create: logsSection},
  {id: 'config', title: 'Config', perInstance: true, create: configSection},
  {id: 'accounts', title: 'Accounts', perInstance: true, create: accountsSection},
  {id: 'fleet', title: 'Fleet', perInstance: false, create: fleetSection},
  {id: 'usage', title: 'Usage', perInstance: false, create: usageSection},
  {id: 'settings', title: 'Settings', perInstance: false, create: settingsSection},
];

class App {
  constructor(routes) {
    this.routes = routes;
    /** Every event of the stream, as a DOM event named like it (`started`, `download`...) with its data in `detail`. */
    this.events = new EventTarget();
    this.live = 'connecting';
  }

  base(instance) {
    return instanceBase(instance);
  }

  /** A link target for a section, keeping the instance when there is one. */
  href(section, params = {}) {
    const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    return `#/${section}${query.size > 0 ? `?${query}` : ''}`;
  }

  go(section, params) {
    location.hash = this.href(section, params);
  }
}

async function start() {
  const app = new App(await loadRoutes());
  const main = document.getElementById('main');
  const nav = document.getElementById('sections');
  const context = document.getElementById('context');
  const liveBadge = document.getElementById('live');

  const sections = new Map();
  for (const section of SECTIONS) {
    const container = el('section', {id: section.id, class: 'section', hidden: true, 'aria-labelledby': `${section.id}-title`},
        el('h2', {id: `${section.id}-title`, tabindex: '-1'}, section.title));
    main.append(container);
    sections.set(section.id, {...section, container, view: section.create(container, app)});
  }

  follow(`${LOCAL_BASE}/events`, (name, data) => {
    app.events.dispatchEvent(new CustomEvent(name, {detail: data}));
  }, (state) => {
    app.live = state;
    liveBadge.className = `live ${state}`;
    liveBadge.textContent = {connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…',
      unavailable: 'No live events'}[state];
  });

  let current = null;
  let navFor;
  function route() {
    const fromMenu = Boolean(document.activeElement?.closest('nav'));
    const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
    const params = new URLSearchParams(query);
    const instance = params.get('instance') || null;
    let id = sections.has(path) ? path : 'proxy';
    if (instance && !sections.get(id).perInstance) {
      id = 'proxy';
    }
    if (navFor !== instance) {
      // Rebuilt only when the instance changes, so that the link a keyboard user is on stays where it is.
      navFor = instance;
      fill(nav, SECTIONS.filter((s) => !instance || s.perInstance).map((s) =>
        el('li', {}, el('a', {href: app.href(s.id, {instance}), dataset: {section: s.id}}, s.title))));
      fill(context, instance
        ? [el('span', {}, 'Instance '), el('strong', {id: 'instance-name'}, instance), ' · ',
          el('a', {href: app.href('proxy')}, 'back to this server')]
        : []);
      context.hidden = !instance;
    }
    for (const link of nav.querySelectorAll('a')) {
      if (link.dataset.section === id) {
        link.setAttribute('aria-current', 'page');
      } else {
        link.removeAttribute('aria-current');
      }
    }
    const next = sections.get(id);
    const entered = current !== next;
    if (current && entered) {
      current.container.hidden = true;
    }
    next.container.hidden = false;
    current = next;
    document.title = `${next.title} · CLIProxy control`;
    // `entered`: the section was not the one shown; sections read their data afresh then.
    next.view.show(params, instance, entered);
    if (entered && fromMenu) {
      // Keyboard users land on the section they picked.
      next.container.querySelector('h2').focus();
    }
  }
  window.addEventListener('hashchange', route);
  route();
}

start();
