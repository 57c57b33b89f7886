/* mycrm on the phone: Today, customers, and the quick entries of Home.
 * No framework and no build step. Every text the user typed is put on the page with
 * textContent, never as markup. Every entry is kept in localStorage (the outbox) until the
 * laptop confirms it, and carries an id made here, so a resend is recognised there. */
(function () {
  'use strict';

  var TEXT = JSON.parse(document.getElementById('mycrm-text').textContent || '{}');
  var BOOT = JSON.parse(document.getElementById('mycrm-boot').textContent || '{}');
  var CSRF = document.querySelector('meta[name="mycrm-csrf"]').content;
  var LOCALE = BOOT.lang === 'zh_CN' ? 'zh-CN' : 'en';
  var OUTBOX = 'mycrm.outbox';
  var DRAFT = 'mycrm.draft.';
  var TIMEOUT_MS = 10000;
  var RETRY_MS = 10000;
  var meta = { record_kinds: ['visit', 'qbr', 'call', 'message', 'meeting'] };
  var current = null;      // the customer summary on show
  var view = 'today';
  var sending = false;
  var reloadedForToken = false;

  // --- words and dates ---------------------------------------------------------------------
  function t(key, values) {
    var has = function (k) { return Object.prototype.hasOwnProperty.call(TEXT, k); };
    if (values && values.n === 1 && has(key + '.one')) { key += '.one'; }
    var text = has(key) ? TEXT[key] : key;
    if (values) {
      Object.keys(values).forEach(function (name) {
        text = text.split('{' + name + '}').join(String(values[name]));
      });
    }
    return text;
  }
  var dateFormat = new Intl.DateTimeFormat(LOCALE, { year: 'numeric', month: 'short', day: 'numeric' });
  var timeFormat = new Intl.DateTimeFormat(LOCALE, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  var clockFormat = new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit' });
  function isoDay(text) { var p = text.split('-'); return new Date(+p[0], +p[1] - 1, +p[2]); }
  function showDate(text) { return text ? dateFormat.format(isoDay(text)) : ''; }
  function showTime(text) { return text ? timeFormat.format(new Date(text)) : ''; }
  function money(cents, currency) {
    try {
      return new Intl.NumberFormat(LOCALE, { style: 'currency', currency: currency || 'CNY' }).format(cents / 100);
    } catch (e) { return (cents / 100).toFixed(2); }
  }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function wallNow(offsetDays, hour) {
    var d = new Date();
    if (offsetDays) { d.setDate(d.getDate() + offsetDays); }
    if (hour !== undefined) { d.setHours(hour, 0, 0, 0); }
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }
  function today() { return wallNow(0).slice(0, 10); }
  function zone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { return ''; }
  }
  function urgency(days) {
    return days === null || days === undefined ? '' : days < 0 ? 'overdue' : days < 30 ? 'soon' : '';
  }
  function daysLeftText(days) {
    if (days === null || days === undefined) { return ''; }
    if (days < 0) { return t('days.overdue', { n: -days }); }
    if (days === 0) { return t('days.today'); }
    return t('days.left', { n: days });
  }

  // --- building the page -------------------------------------------------------------------
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (value === undefined || value === null || value === false) { return; }
      if (key === 'text') { node.textContent = value; }
      else if (key === 'class') { node.className = value; }
      else if (key === 'on') { Object.keys(value).forEach(function (ev) { node.addEventListener(ev, value[ev]); }); }
      else if (key === 'data') { Object.keys(value).forEach(function (d) { node.dataset[d] = value[d]; }); }
      else if (key in node && typeof value !== 'string') { node[key] = value; }
      else { node.setAttribute(key, value === true ? '' : String(value)); }
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) { return; }
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } return node; }
  function $(id) { return document.getElementById(id); }
  function empty(title, body) {
    return el('div', { class: 'empty' }, [el('strong', { text: title }), body ? el('span', { text: body }) : null]);
  }

  var toastTimer = 0;
  function toast(text) {
    var node = $('toast');
    node.textContent = text;
    node.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { node.hidden = true; }, 3500);
  }

  function show(name) {
    view = name;
    ['today', 'customers', 'new', 'form'].forEach(function (v) { $('view-' + v).hidden = v !== name; });
    $('summary').hidden = name !== 'summary';
    var tab = { today: 'today', customers: 'customers', summary: 'customers', 'new': 'new', form: 'new' }[name];
    ['today', 'customers', 'new'].forEach(function (v) {
      $('tab-' + v).setAttribute('aria-selected', v === tab ? 'true' : 'false');
    });
    window.scrollTo(0, 0);
  }

  // --- talking to the laptop -----------------------------------------------------------------
  function request(method, path, body) {
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) { controller.abort(); } }, TIMEOUT_MS);
    var options = { method: method, credentials: 'same-origin', cache: 'no-store', headers: {} };
    if (controller) { options.signal = controller.signal; }
    if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.headers['X-CSRF-Token'] = CSRF;
      options.body = JSON.stringify(body);
    }
    return fetch(path, options).then(function (response) {
      clearTimeout(timer);
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    }, function () {
      clearTimeout(timer);
      return { status: 0, data: {} };
    });
  }
  function reachable(yes) { $('link-state').className = yes ? 'dot' : 'dot off'; }
  function refused(reply) {
    if (reply.status === 401) { notPaired(); return true; }
    if (reply.status === 403 && reply.data.error === 'bad_token') { renewToken(); return true; }
    return false;
  }
  function notPaired() {
    var banner = $('offline-banner');
    banner.textContent = t('unpaired.banner');
    banner.hidden = false;
  }
  function renewToken() {
    // The laptop restarted phone access: a fresh page brings a fresh token; the outbox stays.
    if (reloadedForToken || sessionStorage.getItem('mycrm.reloaded') === '1') { return; }
    reloadedForToken = true;
    sessionStorage.setItem('mycrm.reloaded', '1');
    location.reload();
  }
  function get(path) {
    return request('GET', path).then(function (reply) {
      reachable(reply.status !== 0 && reply.status < 500);
      if (reply.status === 200) { return reply.data; }
      refused(reply);
      throw reply;
    });
  }

  // --- the outbox ------------------------------------------------------------------------------
  function readBox() {
    try { return JSON.parse(localStorage.getItem(OUTBOX) || '[]'); } catch (e) { return []; }
  }
  function writeBox(items) {
    localStorage.setItem(OUTBOX, JSON.stringify(items));
    document.body.dataset.outbox = String(items.length);
    var banner = $('offline-banner');
    if (items.length && items.some(function (i) { return i.tries > 0; })) {
      banner.textContent = t('offline.banner', { n: items.length });
      banner.hidden = false;
    } else if (banner.textContent !== t('unpaired.banner')) {
      banner.hidden = true;
    }
  }
  function newId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return pad16(b); }).join('');
  }
  function pad16(b) { return (b < 16 ? '0' : '') + b.toString(16); }

  function enqueue(path, body, form, label) {
    body.entry_id = newId();
    var items = readBox();
    items.push({ id: body.entry_id, path: path, body: body, form: form || '', label: label || '', tries: 0 });
    writeBox(items);
    return body.entry_id;
  }
  function settle(id, reply) {
    var items = readBox();
    var item = items.filter(function (i) { return i.id === id; })[0];
    var final = reply.status >= 200 && reply.status < 300 ||
      [400, 404, 405, 409, 413, 415].indexOf(reply.status) >= 0;
    if (final) {
      writeBox(items.filter(function (i) { return i.id !== id; }));
    } else if (item) {
      item.tries += 1;
      writeBox(items);
    }
    return { final: final, item: item };
  }
  // Send one entry; resolves with the laptop's reply (status 0: not reached).
  function sendOne(item) {
    return request('POST', item.path, item.body).then(function (reply) {
      reachable(reply.status !== 0 && reply.status < 500);
      refused(reply);
      if (reply.status === 200) { sessionStorage.removeItem('mycrm.reloaded'); }
      var outcome = settle(item.id, reply);
      if (outcome.final && reply.status !== 200 && item.form) {
        keepDraft(item.form, item.body, reply.data.fields || {}, reply.data.error);
        if (view !== 'form') { toast(t('entry.rejected', { what: item.label })); }
      }
      return reply;
    });
  }
  function flush() {
    if (sending) { return Promise.resolve(); }
    var items = readBox();
    if (!items.length) { writeBox(items); return Promise.resolve(); }
    sending = true;
    var sent = 0;
    var next = function (index) {
      if (index >= items.length) { return Promise.resolve(); }
      return sendOne(items[index]).then(function (reply) {
        if (reply.status === 200) { sent += 1; }
        if (reply.status === 0 || reply.status >= 500 || reply.status === 429 || reply.status === 401 || reply.status === 403) { return null; }
        return next(index + 1);
      });
    };
    return next(0).then(function () {
      sending = false;
      if (sent) { toast(t('sent.later', { n: sent })); refresh(); }
    }, function () { sending = false; });
  }

  // --- drafts ----------------------------------------------------------------------------------
  function keepDraft(kind, values, errors, code) {
    localStorage.setItem(DRAFT + kind, JSON.stringify({ values: values, errors: errors || {}, error: code || '' }));
  }
  function readDraft(kind) {
    try { return JSON.parse(localStorage.getItem(DRAFT + kind) || 'null'); } catch (e) { return null; }
  }
  function dropDraft(kind) { localStorage.removeItem(DRAFT + kind); }

  // --- Today -----------------------------------------------------------------------------------
  function loadToday() {
    var root = $('view-today');
    return get('/api/today').then(function (data) {
      clear(root);
      root.appendChild(el('h2', { text: t('today.title') }));
      if (!data.items.length) {
        root.appendChild(el('div', { class: 'card' }, [empty(t('today.empty'), t('today.empty.body'))]));
        return;
      }
      var list = el('ul', { class: 'list' });
      data.items.forEach(function (item) { list.appendChild(todayItem(item)); });
      root.appendChild(el('div', { class: 'card' }, [list]));
    }, function () {
      if (!root.firstChild) { root.appendChild(el('div', { class: 'card' }, [empty(t('offline.title'), t('offline.body'))])); }
    });
  }
  function todayItem(item) {
    var due = item.due ? (item.group === 'overdue' ? showTime(item.due) : clockFormat.format(new Date(item.due))) : '';
    var choices = el('div', { class: 'snooze-choices', hidden: true }, ['10m', '1h', 'tomorrow'].map(function (choice) {
      return el('button', { type: 'button', class: 'btn small', text: t('snooze.' + choice), on: { click: function () {
        act(item, '/api/todos/' + item.id + '/snooze', { choice: choice }, t('snoozed'));
      } } });
    }));
    return el('li', { class: 'today-item', data: { id: String(item.id) } }, [
      el('div', { class: 'main' }, [
        el('div', { class: 'title', text: item.title }),
        el('div', { class: 'sub' }, [
          el('span', { class: item.group === 'overdue' ? 'overdue' : '', text: (item.group === 'overdue' ? t('group.overdue') : t('group.today')) + (due ? ' · ' + due : '') }),
          item.customer_name ? el('span', { text: ' · ' + item.customer_name }) : null]),
        choices]),
      el('div', { class: 'row-buttons' }, [
        el('button', { type: 'button', class: 'btn small done', text: t('done'), on: { click: function () {
          act(item, '/api/todos/' + item.id + '/done', {}, t('done.saved'));
        } } }),
        el('button', { type: 'button', class: 'btn small snooze', text: t('snooze'), on: { click: function () {
          choices.hidden = !choices.hidden;
        } } })])]);
  }
  function act(item, path, body, message) {
    var id = enqueue(path, body, '', item.title);
    var row = document.querySelector('.today-item[data-id="' + item.id + '"]');
    if (row) { row.parentNode.removeChild(row); }
    sendOne(readBox().filter(function (i) { return i.id === id; })[0]).then(function (reply) {
      toast(reply.status === 200 ? message : reply.status === 0 ? t('kept') : t('error.' + (reply.data.error || 'server')));
      if (reply.status !== 0) { loadToday(); }
    });
  }

  // --- customers -------------------------------------------------------------------------------
  var searchTimer = 0;
  var searchSeq = 0;
  function buildCustomers() {
    var root = $('view-customers');
    var input = el('input', { id: 'search', class: 'search', type: 'search', placeholder: t('search.placeholder'), autocomplete: 'off', enterkeyhint: 'search' });
    input.addEventListener('input', function () {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(function () { loadCustomers(input.value, $('customer-results'), openCustomer); }, 150);
    });
    root.appendChild(el('h2', { text: t('customers.title') }));
    root.appendChild(input);
    root.appendChild(el('div', { id: 'customer-results', class: 'card' }));
  }
  function loadCustomers(text, target, onPick) {
    var seq = ++searchSeq;
    return get('/api/customers?q=' + encodeURIComponent(text.trim())).then(function (data) {
      if (seq !== searchSeq) { return; }
      clear(target);
      if (!data.items.length) { target.appendChild(empty(t('search.none'), text.trim() ? t('search.none.body') : '')); return; }
      var list = el('ul', { class: 'list' });
      data.items.forEach(function (c) {
        var left = daysLeftText(c.days_left);
        list.appendChild(el('li', { class: 'customer-item', data: { id: String(c.id) }, role: 'button', tabindex: '0',
          on: { click: function () { onPick(c); } } }, [
          el('div', { class: 'main' }, [
            el('div', { class: 'title', text: c.name }),
            el('div', { class: 'sub' }, [el('span', { class: 'chip', text: t('state.' + c.state) }),
              c.renewal_date ? el('span', { class: urgency(c.days_left), text: t('renews', { date: showDate(c.renewal_date) }) + (left ? ' · ' + left : '') }) : null])])]));
      });
      target.appendChild(list);
    }, function () {});
  }
  function openCustomer(c) {
    return get('/api/customers/' + c.id).then(function (data) { current = data; renderSummary(data); show('summary'); },
      function (reply) { if (reply && reply.status === 404) { toast(t('error.not_found')); } });
  }
  function renderSummary(c) {
    var root = clear($('summary'));
    var left = daysLeftText(c.days_left);
    root.appendChild(el('button', { type: 'button', class: 'btn link', text: '‹ ' + t('back'), on: { click: function () { show('customers'); } } }));
    root.appendChild(el('h2', { text: c.name }));
    root.appendChild(el('div', {}, [el('span', { class: 'chip', text: t('state.' + c.state) }), el('span', { class: 'chip', text: t('tier', { tier: c.tier }) }),
      c.archived ? el('span', { class: 'chip', text: t('archived') }) : null]));
    var facts = el('dl', { class: 'facts' });
    function fact(label, value, cls) { if (!value) { return; } facts.appendChild(el('dt', { text: label })); facts.appendChild(el('dd', { class: cls || '', text: value })); }
    fact(t('fact.renewal'), c.renewal_date ? showDate(c.renewal_date) + (left ? ' · ' + left : '') : t('none'), urgency(c.days_left));
    fact(t('fact.amount'), c.amount_cents ? money(c.amount_cents, c.currency) : '');
    fact(t('fact.last_visit'), c.last_visit_at ? showTime(c.last_visit_at) : t('never'));
    fact(t('fact.industry'), c.industry);
    root.appendChild(el('div', { class: 'card' }, [facts]));
    root.appendChild(el('div', { class: 'actions' }, [
      el('button', { type: 'button', id: 'log-visit', class: 'btn primary', text: t('action.visit'), on: { click: function () { openForm('visit', c); } } }),
      el('button', { type: 'button', id: 'add-todo', class: 'btn', text: t('action.todo'), on: { click: function () { openForm('todo', c); } } }),
      el('button', { type: 'button', id: 'add-need', class: 'btn', text: t('action.need'), on: { click: function () { openForm('need', c); } } }),
      el('button', { type: 'button', id: 'add-renewal', class: 'btn', text: t('action.renewal'), on: { click: function () { openForm('renewal', c); } } })]));
    section(root, t('section.contacts'), c.contacts, function (p) {
      return el('li', { class: 'contact' }, [el('div', { class: 'main' }, [
        el('div', { class: 'title', text: p.name + (p.is_primary ? ' ★' : '') }),
        p.title ? el('div', { class: 'sub', text: p.title }) : null,
        el('div', {}, [p.phone ? el('a', { href: 'tel:' + p.phone.replace(/[^0-9+]/g, ''), text: '☎ ' + p.phone }) : null,
          p.email ? el('a', { href: 'mailto:' + p.email, text: '✉ ' + p.email }) : null,
          p.wechat ? el('span', { class: 'sub', text: t('wechat', { id: p.wechat }) }) : null])])]);
    }, t('section.contacts.none'));
    section(root, t('section.todos'), c.todos, function (todo) {
      return el('li', {}, [el('div', { class: 'main' }, [el('div', { class: 'title', text: todo.title }),
        todo.due ? el('div', { class: new Date(todo.due) < new Date() ? 'sub overdue' : 'sub', text: showTime(todo.due) }) : null])]);
    }, t('section.todos.none'));
    section(root, t('section.needs'), c.needs, function (need) {
      return el('li', {}, [el('div', { class: 'main' }, [el('div', { class: 'title', text: need.title }),
        el('div', { class: 'sub', text: [need.amount_cents ? money(need.amount_cents, c.currency) : '', need.follow_up_on ? t('follow_up', { date: showDate(need.follow_up_on) }) : ''].filter(Boolean).join(' · ') })])]);
    }, t('section.needs.none'));
    section(root, t('section.timeline'), c.timeline, function (item) {
      var head = item.kind === 'record' ? t('kind.' + item.record_kind) : t('event.' + item.kind);
      var detail = item.kind === 'state_changed' ? t('state.' + item.text) : item.kind === 'renewed' ? showDate(item.text) : item.text;
      return el('li', {}, [el('div', { class: 'main' }, [
        el('div', { class: 'title' }, [head, item.source === 'phone' ? el('span', { class: 'chip phone', text: t('from_phone') }) : null]),
        detail ? el('div', { class: 'sub', text: detail }) : null,
        el('div', { class: 'sub', text: showTime(item.at) })])]);
    }, t('section.timeline.none'));
  }
  function section(root, title, items, render, none) {
    root.appendChild(el('h3', { text: title }));
    var list = el('ul', { class: 'list' });
    items.forEach(function (item) { list.appendChild(render(item)); });
    root.appendChild(el('div', { class: 'card' }, [items.length ? list : el('div', { class: 'empty', text: none })]));
  }

  // --- new entries -------------------------------------------------------------------------------
  function buildNew() {
    var root = $('view-new');
    root.appendChild(el('h2', { text: t('new.title') }));
    root.appendChild(el('div', { class: 'menu' }, ['visit', 'todo', 'need', 'renewal'].map(function (kind) {
      return el('button', { type: 'button', class: 'btn', data: { kind: kind }, text: t('action.' + kind), on: { click: function () { pick(kind); } } });
    })));
    root.appendChild(el('div', { id: 'pick', hidden: true }, [
      el('h3', { id: 'pick-title' }),
      el('input', { id: 'pick-search', class: 'search', type: 'search', placeholder: t('search.placeholder'), autocomplete: 'off' }),
      el('div', { id: 'pick-results', class: 'card' })]));
  }
  function pick(kind) {
    var box = $('pick');
    var input = $('pick-search');
    box.hidden = false;
    $('pick-title').textContent = t('pick.customer');
    var choose = function (c) { openForm(kind, c); };
    input.oninput = function () {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(function () { loadCustomers(input.value, $('pick-results'), choose); }, 150);
    };
    var results = $('pick-results');
    loadCustomers(input.value, results, choose).then(function () {
      if (kind === 'todo') {
        results.insertBefore(el('button', { type: 'button', class: 'btn link', text: t('pick.no_customer'), on: { click: function () { openForm('todo', null); } } }), results.firstChild);
      }
    });
    input.focus();
  }

  function field(label, control, name) {
    return el('label', { class: 'field', data: { field: name } }, [el('span', { text: label }), control, el('div', { class: 'error', hidden: true })]);
  }
  function input(name, type, value, extra) {
    var props = { name: name, type: type || 'text', value: value || '' };
    Object.keys(extra || {}).forEach(function (k) { props[k] = extra[k]; });
    return el('input', props);
  }
  function textarea(name, value) { var node = el('textarea', { name: name, rows: '3' }); node.value = value || ''; return node; }
  function todoRow(values) {
    var row = el('div', { class: 'todo-row' }, [
      field(t('field.todo_title'), input('title', 'text', values.title, { maxlength: '300' }), 'title'),
      field(t('field.remind'), input('remind_wall', 'datetime-local', values.remind_wall || ''), 'remind_wall'),
      el('button', { type: 'button', class: 'btn link', text: t('remove'), on: { click: function () { row.parentNode.removeChild(row); saveDraft(); } } })]);
    return row;
  }
  var formKind = '';
  function openForm(kind, customer) {
    formKind = kind;
    var root = clear($('view-form'));
    var draft = readDraft(kind);
    var values = draft && draft.values && (customer === null || !customer || draft.values.customer_id === customer.id) ? draft.values : {};
    var errors = draft && draft.values === values ? draft.errors || {} : {};
    var form = el('form', { id: kind + '-form', class: 'card', novalidate: true, data: { customer: customer ? String(customer.id) : '' } });
    root.appendChild(el('button', { type: 'button', class: 'btn link', text: '‹ ' + t('back'), on: { click: function () { closeForm(customer); } } }));
    root.appendChild(el('h2', { text: t('action.' + kind) }));
    if (customer) { root.appendChild(el('div', { class: 'sub', text: customer.name })); }
    if (kind === 'visit') {
      var kinds = el('select', { name: 'kind' }, meta.record_kinds.map(function (k) { return el('option', { value: k, text: t('kind.' + k) }); }));
      kinds.value = values.kind || 'visit';
      form.appendChild(field(t('field.kind'), kinds, 'kind'));
      form.appendChild(field(t('field.when'), input('occurred_wall', 'datetime-local', values.occurred_wall || wallNow(0)), 'occurred_wall'));
      form.appendChild(field(t('field.attendees'), input('attendees', 'text', values.attendees), 'attendees'));
      form.appendChild(field(t('field.discussion'), textarea('discussion', values.discussion), 'discussion'));
      form.appendChild(field(t('field.feedback'), textarea('feedback', values.feedback), 'feedback'));
      form.appendChild(field(t('field.next_steps'), textarea('next_steps', values.next_steps), 'next_steps'));
      var rows = el('div', { id: 'todo-rows' });
      (values.todos || []).forEach(function (v) { rows.appendChild(todoRow(v)); });
      form.appendChild(el('h3', { text: t('form.todos') }));
      form.appendChild(rows);
      form.appendChild(el('button', { type: 'button', id: 'add-todo-row', class: 'btn small', text: '+ ' + t('add_todo_row'), on: { click: function () {
        rows.appendChild(todoRow({ remind_wall: wallNow(1, 9) })); rows.lastChild.querySelector('input').focus();
      } } }));
    } else if (kind === 'todo') {
      form.appendChild(field(t('field.todo_title'), input('title', 'text', values.title, { maxlength: '300' }), 'title'));
      form.appendChild(field(t('field.notes'), textarea('notes', values.notes), 'notes'));
      form.appendChild(field(t('field.remind'), input('remind_wall', 'datetime-local', values.remind_wall === undefined ? wallNow(1, 9) : values.remind_wall || ''), 'remind_wall'));
    } else if (kind === 'need') {
      form.appendChild(field(t('field.need_title'), input('title', 'text', values.title, { maxlength: '200' }), 'title'));
      form.appendChild(field(t('field.detail'), textarea('detail', values.detail), 'detail'));
      form.appendChild(field(t('field.amount'), input('amount', 'text', values.amount, { inputmode: 'decimal' }), 'amount'));
      form.appendChild(field(t('field.follow_up'), input('follow_up_on', 'date', values.follow_up_on), 'follow_up_on'));
    } else {
      var end = values.end_date || (customer && customer.renewal_date ? nextYear(customer.renewal_date) : nextYear(today()));
      form.appendChild(field(t('field.signed_on'), input('signed_on', 'date', values.signed_on || today()), 'signed_on'));
      form.appendChild(field(t('field.end_date'), input('end_date', 'date', end), 'end_date'));
      form.appendChild(field(t('field.amount'), input('amount', 'text', values.amount, { inputmode: 'decimal' }), 'amount'));
    }
    form.appendChild(el('div', { class: 'form-buttons' }, [
      el('button', { type: 'button', class: 'btn', text: t('cancel'), on: { click: function () { dropDraft(kind); closeForm(customer); } } }),
      el('button', { type: 'submit', class: 'btn primary', text: t('save') })]));
    form.addEventListener('input', saveDraft);
    form.addEventListener('submit', function (event) { event.preventDefault(); submit(form, kind, customer); });
    root.appendChild(form);
    showErrors(form, errors, draft && draft.values === values ? draft.error : '');
    show('form');
  }
  function nextYear(day) { var p = day.split('-'); var y = +p[0] + 1; var m = p[1]; var d = p[2]; if (m === '02' && d === '29') { d = '28'; } return y + '-' + m + '-' + d; }
  function closeForm(customer) {
    if (customer && current && current.id === customer.id) { openCustomer(customer); } else { show(customer ? 'customers' : 'new'); }
  }
  function formValues(form, kind) {
    var body = {};
    var customer = form.dataset.customer;
    if (customer) { body.customer_id = parseInt(customer, 10); } else if (kind === 'todo') { body.customer_id = null; }
    Array.prototype.forEach.call(form.elements, function (node) {
      if (!node.name || node.closest('.todo-row')) { return; }
      body[node.name] = node.value;
    });
    if (kind === 'visit') {
      body.todos = Array.prototype.map.call(form.querySelectorAll('.todo-row'), function (row) {
        return { title: row.querySelector('[name=title]').value, remind_wall: row.querySelector('[name=remind_wall]').value || null };
      }).filter(function (todo) { return todo.title.trim() || todo.remind_wall; });
    }
    if ('remind_wall' in body && !body.remind_wall) { body.remind_wall = null; }
    if (kind === 'visit' || kind === 'todo') { body.tz = zone(); }
    return body;
  }
  function saveDraft() {
    var form = document.querySelector('#view-form form');
    if (form) { keepDraft(formKind, formValues(form, formKind), {}, ''); }
  }
  function showErrors(form, errors, code) {
    Array.prototype.forEach.call(form.querySelectorAll('.field'), function (f) { f.classList.remove('bad'); f.querySelector('.error').hidden = true; });
    var rows = form.querySelectorAll('.todo-row');
    Object.keys(errors || {}).forEach(function (name) {
      var match = /^todos\.(\d+)\.(\w+)$/.exec(name);
      var scope = match ? rows[+match[1]] : form;
      var key = match ? match[2] : name;
      var target = scope && Array.prototype.filter.call(scope.querySelectorAll('.field'), function (f) {
        return f.dataset.field === key && (match || !f.closest('.todo-row'));
      })[0];
      var text = t('error.' + errors[name]);
      if (target) {
        target.classList.add('bad');
        var box = target.querySelector('.error');
        box.textContent = text;
        box.hidden = false;
      } else {
        toast(t('error.field', { field: name, error: text }));
      }
    });
    if (code === 'not_found') { toast(t('error.not_found')); }
  }
  function submit(form, kind, customer) {
    var button = form.querySelector('button[type=submit]');
    var body = formValues(form, kind);
    button.disabled = true;
    var id = enqueue(kind === 'visit' ? '/api/records' : kind === 'todo' ? '/api/todos' : kind === 'need' ? '/api/needs' : '/api/renewals',
      body, kind, t('action.' + kind));
    sendOne(readBox().filter(function (i) { return i.id === id; })[0]).then(function (reply) {
      button.disabled = false;
      if (reply.status === 200) {
        dropDraft(kind);
        toast(t('saved'));
        closeForm(customer);
      } else if (reply.status === 400 || reply.status === 404) {
        showErrors(form, reply.data.fields || {}, reply.data.error);
        if (!reply.data.fields) { toast(t('error.' + (reply.data.error || 'invalid'))); }
      } else if (reply.status === 401) {
        toast(t('unpaired.banner'));
      } else {
        dropDraft(kind);
        toast(t('kept'));
        closeForm(customer);
      }
    });
  }

  // --- start ---------------------------------------------------------------------------------------
  function refresh() {
    if (view === 'today') { return loadToday(); }
    if (view === 'summary' && current) { return openCustomer(current); }
    return Promise.resolve();
  }
  function start() {
    $('tab-today').textContent = t('tab.today');
    $('tab-customers').textContent = t('tab.customers');
    $('tab-new').textContent = t('tab.new');
    $('tab-today').addEventListener('click', function () { show('today'); loadToday(); });
    $('tab-customers').addEventListener('click', function () {
      show('customers');
      if (!$('customer-results').firstChild) { loadCustomers('', $('customer-results'), openCustomer); }
      $('search').focus();
    });
    $('tab-new').addEventListener('click', function () { $('pick').hidden = true; show('new'); });
    buildCustomers();
    buildNew();
    show('today');
    writeBox(readBox());
    Promise.all([
      get('/api/meta').then(function (data) { meta = data; }, function () {}),
      loadToday()
    ]).then(function () { document.body.dataset.ready = '1'; flush(); });
    setInterval(flush, RETRY_MS);
    window.addEventListener('online', flush);
    document.addEventListener('visibilitychange', function () { if (!document.hidden) { flush(); refresh(); } });
  }
  start();
}());
