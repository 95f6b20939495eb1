// DOM building without innerHTML: every value from data becomes a text node, so a customer named
// "<img src=x onerror=alert(1)>" is shown as those characters and never parsed as markup.

/** el('td', {class: 'num'}, 'text', childNode, ...). Attributes are set as attributes, children as text/nodes. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) throw new Error('event handlers are attached with addEventListener');
    node.setAttribute(k, String(v));
  }
  for (const c of children) append(node, c);
  return node;
}

function append(node, c) {
  if (c === undefined || c === null) return;
  if (Array.isArray(c)) { c.forEach(x => append(node, x)); return; }
  node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

export function setText(id, text) {
  document.getElementById(id).textContent = text;
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
const count = new Intl.NumberFormat('en-US');

export function fmtMoney(v) { return typeof v === 'number' ? money.format(v) : '–'; }
export function fmtCount(v) { return typeof v === 'number' ? count.format(v) : '–'; }

/** Transaction times are local-time text without a zone: show them as written, trimmed to the second. */
export function fmtTime(text) { return typeof text === 'string' ? text.replace('T', ' ').substring(0, 19) : '–'; }

export function riskClass(level) {
  const l = String(level || '').toLowerCase();
  return l.startsWith('high') ? 'high' : l.startsWith('moderate') ? 'moderate' : l.startsWith('low') ? 'low' : '';
}

/** GET/POST JSON; rejects with the server's error message. */
export async function api(path, options) {
  const res = await fetch(path, options);
  let body = null;
  try { body = await res.json(); } catch (e) { /* not JSON */ }
  if (!res.ok) {
    const err = new Error((body && body.error) || res.status + ' ' + res.statusText);
    err.status = res.status;
    throw err;
  }
  return body;
}
