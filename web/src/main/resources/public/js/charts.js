// Chart.js renders labels on a canvas (no markup), so category names from data are safe here.
/* global Chart */

const COLORS = { 'High Risk': '#f05d5e', 'Moderate Risk': '#f2b84b', 'Low Risk': '#3ecf8e' };
const PALETTE = ['#4da3ff', '#f05d5e', '#f2b84b', '#3ecf8e', '#b37feb', '#36cfc9', '#ff9c6e', '#85a5ff',
  '#ffd666', '#5cdbd3', '#ff85c0', '#95de64', '#adc6ff', '#ffc069', '#87e8de', '#d3adf7'];

Chart.defaults.color = '#8d99b3';
Chart.defaults.borderColor = '#2a3550';
Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
Chart.defaults.maintainAspectRatio = false;

const charts = {};
const REDUCED_MOTION = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Long category names (login devices) are cut on the axis; the tooltip shows them whole. */
function shortLabel(value) {
  const label = String(this.getLabelForValue(value));
  return label.length > 22 ? label.substring(0, 21) + '…' : label;
}

function colorFor(key, i) { return COLORS[key] || PALETTE[i % PALETTE.length]; }

/** Creates the chart the first time, then only swaps its data (no flicker on refresh). */
export function render(id, type, labels, values, opts) {
  const card = document.getElementById(id).closest('.chart-card');
  card.dataset.state = labels.length ? 'ready' : 'empty';
  const colors = labels.map((l, i) => (opts && opts.color) || colorFor(l, i));
  const existing = charts[id];
  if (existing) {
    existing.data.labels = labels;
    existing.data.datasets[0].data = values;
    existing.data.datasets[0].backgroundColor = colors;
    existing.update();
    return existing;
  }
  const horizontal = opts && opts.horizontal;
  charts[id] = new Chart(document.getElementById(id), {
    type,
    data: { labels, datasets: [{ label: (opts && opts.label) || '', data: values, backgroundColor: colors,
      borderColor: type === 'line' ? '#4da3ff' : '#171e2e', borderWidth: type === 'doughnut' ? 2 : 0,
      borderRadius: type === 'bar' ? 4 : 0, fill: type === 'line', tension: 0.25, pointRadius: 2 }] },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      // No animation for users (and screenshots) that ask for reduced motion.
      animation: REDUCED_MOTION ? false : { duration: 400 },
      plugins: {
        legend: { display: type === 'doughnut', position: 'right' },
        tooltip: { callbacks: { label: c => ' ' + ((opts && opts.format) ? opts.format(c.raw) : c.raw) } },
      },
      scales: type === 'doughnut' ? {} : {
        x: { grid: { display: !horizontal }, ticks: { maxRotation: 0, autoSkip: true } },
        y: { beginAtZero: true, grid: { display: horizontal !== true },
          ticks: horizontal ? { autoSkip: false, callback: shortLabel } : { autoSkip: true } },
      },
    },
  });
  return charts[id];
}

export function failed(id) {
  document.getElementById(id).closest('.chart-card').dataset.state = 'error';
}
