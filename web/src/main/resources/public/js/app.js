import { el, clear, setText, fmtMoney, fmtCount, fmtTime, riskClass, api } from './dom.js';
import { render, failed } from './charts.js';
import { openCustomer, initCustomerView } from './customer.js';

const MAX_ROWS = 200;
const REFRESH_MS = 10000;
const seen = new Set();
let liveCount = 0;

// ---- live blocked customers: Server-Sent Events, no polling ----

function blockedRow(c, fresh) {
  const tr = el('tr', { class: fresh ? 'fresh' : null, 'data-tx': c['Transaction ID'] },
    el('td', { title: c['Name'] }, c['Name']),
    el('td', {}, c['Account Number']),
    el('td', { class: 'num' }, fmtMoney(c['Current Transaction Amount'])),
    el('td', {}, c['Transaction ID']),
    el('td', {}, fmtTime(c['Transaction Time'])),
    el('td', { title: c['Reason'] }, c['Reason']));
  tr.addEventListener('click', () => openCustomer(c['Account Number']));
  return tr;
}

function addBlocked(c, fresh) {
  const tx = c['Transaction ID'];
  if (seen.has(tx)) return false;
  seen.add(tx);
  const body = document.getElementById('blocked-body');
  body.insertBefore(blockedRow(c, fresh), body.firstChild);
  while (body.rows.length > MAX_ROWS) body.deleteRow(body.rows.length - 1);
  document.getElementById('blocked-empty').hidden = true;
  return true;
}

function connectLive() {
  const status = document.getElementById('live-status');
  const source = new EventSource('/api/blocked/stream');
  source.addEventListener('open', () => { status.textContent = 'live'; status.className = 'pill pill-ok'; });
  source.addEventListener('error', () => { status.textContent = 'reconnecting…'; status.className = 'pill pill-bad'; });
  source.addEventListener('snapshot', e => {
    // Oldest first, so the newest ends up on top.
    JSON.parse(e.data).slice().reverse().forEach(c => addBlocked(c, false));
  });
  source.addEventListener('blocked', e => {
    if (addBlocked(JSON.parse(e.data), true)) {
      liveCount += 1;
      setText('kpi-live', fmtCount(liveCount));
      scheduleRefresh();
    }
  });
}

// ---- charts and panels from Elasticsearch aggregations ----

async function chart(path, id, type, opts) {
  try {
    const buckets = await api(path);
    render(id, type, buckets.map(b => b.key), buckets.map(b => b.value), opts);
  } catch (e) {
    failed(id);
  }
}

async function blockedPerMinute() {
  try {
    const buckets = await api('/api/charts/blocked-per-minute');
    // Times are local times stored without a zone: format in UTC to show them as written.
    const labels = buckets.map(b => new Date(b.time).toISOString().substring(11, 16));
    render('chart-blocked-per-minute', 'bar', labels, buckets.map(b => b.count),
      { label: 'blocked', color: '#f05d5e' });
  } catch (e) {
    failed('chart-blocked-per-minute');
  }
}

async function summary() {
  try {
    const s = await api('/api/charts/summary');
    setText('kpi-customers', fmtCount(s.customers));
    setText('kpi-high', fmtCount(s.highRisk));
    setText('kpi-blocked', fmtCount(s.blocked));
    setText('kpi-alerts', fmtCount(s.alerts));
  } catch (e) { /* the health pill says why */ }
}

async function topCustomers() {
  const body = document.getElementById('top-body');
  try {
    const rows = await api('/api/charts/top-fraud-customers');
    clear(body);
    rows.forEach(r => {
      const tr = el('tr', {},
        el('td', { title: r['Name'] }, r['Name']),
        el('td', {}, r['Account Number']),
        el('td', { class: 'num' }, fmtCount(r['Fraud_Txns'])),
        el('td', { class: 'num' }, fmtCount(r['Total_Txns'])),
        el('td', {}, el('span', { class: 'badge ' + riskClass(r['Risk_Level']) }, r['Risk_Level'])));
      tr.addEventListener('click', () => openCustomer(r['Account Number']));
      body.appendChild(tr);
    });
    document.getElementById('top-empty').hidden = rows.length > 0;
  } catch (e) { /* keep the last table */ }
}

export function alertItem(a) {
  const who = el('span', { class: 'who' }, a['Name'] || a['Account Number']);
  who.addEventListener('click', () => openCustomer(a['Account Number']));
  const rules = (a['Fired_Rules'] || []).map(r => el('span', {
    class: 'rule', title: r.evidence ? JSON.stringify(r.evidence) : null,
  }, r.rule, el('span', { class: 'w' }, typeof r.weight === 'number' ? '+' + r.weight : '')));
  return el('li', {},
    el('div', { class: 'alert-head' },
      el('span', { class: 'badge ' + a['Decision'] }, a['Decision']), who,
      el('span', { class: 'meta' }, a['Account Number'], ' · ', fmtMoney(a['Current Transaction Amount']),
        ' · score ', typeof a['Risk_Score'] === 'number' ? a['Risk_Score'].toFixed(2) : '–',
        ' · ', fmtTime(a['Transaction Time']))),
    el('div', { class: 'rules' }, rules));
}

async function alerts() {
  try {
    const list = await api('/api/charts/alerts');
    const ul = document.getElementById('alerts-list');
    clear(ul);
    list.forEach(a => ul.appendChild(alertItem(a)));
    document.getElementById('alerts-empty').hidden = list.length > 0;
  } catch (e) { /* keep the last list */ }
}

async function mails() {
  try {
    const m = await api('/api/mails');
    const card = document.getElementById('card-mails');
    card.hidden = !m.enabled;
    // Without a local SMTP server the alerts panel takes the whole row.
    document.getElementById('card-alerts').classList.toggle('span-4', !m.enabled);
    const ul = document.getElementById('mails-list');
    clear(ul);
    m.mails.forEach(x => ul.appendChild(el('li', {},
      el('div', { class: 'mail-subject' }, x.subject),
      el('div', { class: 'mail-meta' }, 'to ', (x.to || []).join(', '), ' · ', x.receivedAt),
      el('details', {}, el('summary', {}, 'body'), el('pre', {}, x.body)))));
    document.getElementById('mails-empty').hidden = m.mails.length > 0;
  } catch (e) { /* keep the last list */ }
}

async function health() {
  const pill = document.getElementById('health-status');
  try {
    const res = await fetch('/health');
    const h = await res.json();
    pill.textContent = res.ok ? 'Kafka · Elasticsearch' : 'degraded';
    pill.className = 'pill ' + (res.ok ? 'pill-ok' : 'pill-bad');
    pill.title = 'Kafka: ' + h.kafka + '\nElasticsearch: ' + h.elasticsearch;
  } catch (e) {
    pill.textContent = 'server unreachable';
    pill.className = 'pill pill-bad';
  }
}

function refresh() {
  const money = v => '$' + Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 });
  return Promise.all([
    summary(),
    chart('/api/charts/risk-levels', 'chart-risk-levels', 'doughnut', { label: 'customers' }),
    chart('/api/charts/avg-amount-by-risk', 'chart-avg-amount', 'bar', { label: 'average amount', format: money }),
    blockedPerMinute(),
    topCustomers(),
    chart('/api/charts/fraud-by-device', 'chart-device', 'bar', { label: 'flagged', horizontal: true }),
    chart('/api/charts/fraud-pct-by-card', 'chart-card', 'bar',
      { label: 'fraud %', horizontal: true, format: v => v + ' %' }),
    alerts(),
    mails(),
    health(),
  ]);
}

// New blocked records change the charts too; refresh soon after a burst rather than per record.
let pending = null;
function scheduleRefresh() {
  if (pending) return;
  pending = setTimeout(() => { pending = null; refresh(); }, 1500);
}

document.getElementById('lookup').addEventListener('submit', e => {
  e.preventDefault();
  openCustomer(document.getElementById('lookup-account').value.trim());
});

initCustomerView();
connectLive();
refresh().then(() => { document.body.dataset.loaded = 'true'; });
setInterval(refresh, REFRESH_MS);
