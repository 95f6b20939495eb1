import { el, clear, fmtMoney, fmtCount, fmtTime, riskClass, api } from './dom.js';

let current = null;
let tokenRequired = false;

function fact(label, value) {
  return [el('dt', {}, label), el('dd', {}, value)];
}

function show(account, data, error) {
  const body = document.getElementById('customer-body');
  clear(body);
  document.getElementById('customer-title').textContent = account;
  document.getElementById('decision-result').textContent = '';
  if (error) {
    body.appendChild(el('p', { class: 'empty' }, error));
    return;
  }
  const r = data.risk;
  if (r) {
    body.appendChild(el('dl', { class: 'facts' },
      fact('Name', r['Name']),
      fact('Risk level', el('span', { class: 'badge ' + riskClass(r['Risk_Level']) }, r['Risk_Level'])),
      fact('Transactions', fmtCount(r['Total_Txns'])),
      fact('Fraud transactions', fmtCount(r['Fraud_Txns'])),
      fact('Average amount', fmtMoney(r['Avg_Amount'])),
      r['Risk_Score'] !== undefined ? fact('Risk score', String(r['Risk_Score'])) : null,
      r['Status'] ? fact('Status', r['Status']) : null,
      r['Last_Updated'] ? fact('Last updated', fmtTime(r['Last_Updated'])) : null));
  } else {
    body.appendChild(el('p', { class: 'empty' }, 'No risk profile indexed for this account yet.'));
  }
  body.appendChild(el('h3', {}, 'Recent alerts'));
  if (data.alerts.length === 0) body.appendChild(el('p', { class: 'empty' }, 'No alerts.'));
  const ul = el('ul', { class: 'alerts' });
  data.alerts.forEach(a => ul.appendChild(el('li', {},
    el('div', { class: 'alert-head' }, el('span', { class: 'badge ' + a['Decision'] }, a['Decision']),
      el('span', { class: 'meta' }, a['Transaction ID'], ' · ', fmtMoney(a['Current Transaction Amount']), ' · ',
        fmtTime(a['Transaction Time']))),
    el('div', { class: 'rules' }, (a['Fired_Rules'] || []).map(x => el('span', { class: 'rule' }, x.rule))))));
  body.appendChild(ul);
  body.appendChild(el('h3', {}, 'Blocked transactions'));
  if (data.blocked.length === 0) body.appendChild(el('p', { class: 'empty' }, 'None among the recent ones.'));
  data.blocked.forEach(b => body.appendChild(el('p', {}, fmtTime(b['Transaction Time']), ' · ',
    fmtMoney(b['Current Transaction Amount']), ' · ', b['Reason'])));
}

export async function openCustomer(account) {
  current = account;
  location.hash = '#/customer/' + encodeURIComponent(account);
  document.getElementById('customer-title').textContent = account;
  const body = document.getElementById('customer-body');
  clear(body);
  body.appendChild(el('p', { class: 'empty' }, 'Loading…'));
  document.getElementById('customer').hidden = false;
  try {
    show(account, await api('/api/customers/' + encodeURIComponent(account)));
  } catch (e) {
    show(account, null, e.message);
  }
}

function close() {
  document.getElementById('customer').hidden = true;
  current = null;
  if (location.hash.startsWith('#/customer/')) history.replaceState(null, '', location.pathname);
}

async function decide(action) {
  const result = document.getElementById('decision-result');
  const headers = { 'Content-Type': 'application/json' };
  const token = document.getElementById('decision-token').value;
  if (token) headers['X-FraudWatch-Token'] = token;
  const body = JSON.stringify({
    by: document.getElementById('decision-by').value,
    reason: document.getElementById('decision-reason').value,
  });
  try {
    const r = await api('/api/customers/' + encodeURIComponent(current) + '/' + action,
      { method: 'POST', headers, body });
    result.className = 'result ok';
    result.textContent = r.message;
  } catch (e) {
    result.className = 'result bad';
    result.textContent = e.message;
  }
}

export async function initCustomerView() {
  document.getElementById('customer-close').addEventListener('click', close);
  document.addEventListener('keydown', e => { if (e.key === 'Escape') close(); });
  const form = document.getElementById('decision');
  form.addEventListener('submit', e => {
    e.preventDefault();
    decide(e.submitter && e.submitter.dataset.action === 'unblock' ? 'unblock' : 'block');
  });
  try {
    tokenRequired = (await api('/api/info')).tokenRequired;
  } catch (e) { tokenRequired = false; }
  document.getElementById('decision-token-label').hidden = !tokenRequired;
  const m = location.hash.match(/^#\/customer\/(.+)$/);
  if (m) {
    let account = null;
    try { account = decodeURIComponent(m[1]); } catch (e) { /* a malformed link opens nothing */ }
    if (account) openCustomer(account);
  }
}
