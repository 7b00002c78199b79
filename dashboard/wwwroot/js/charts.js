// Draws every [data-echart] element with the option the server wrote into it. ECharts is loaded once per page
// by a classic script before this module runs. Options are JSON, so formatters are named: "@zh" (万/亿),
// "@pct" (percent), "@money" (万元 with 亿元 when large), "@wan" (axis ticks in 万元); a tooltip formatter "@compare"
// lists each series with the change on the year before its data items carry ({value, change, changeShare, changeLabel}).
const units = [[1e8, '亿'], [1e4, '万']];

function zh(value) {
  if (value === null || value === undefined || value === '-' || Number.isNaN(Number(value))) return '—';
  const n = Number(value);
  for (const [size, name] of units) {
    if (Math.abs(n) >= size) return +(n / size).toFixed(2) + name;
  }
  return (+n.toFixed(2)).toLocaleString('zh-CN');
}

function money(value) {
  if (value === null || value === undefined || value === '-') return '—';
  const n = Number(value);
  return Math.abs(n) >= 1e4 ? +(n / 1e4).toFixed(2) + '亿元' : (+n.toFixed(2)).toLocaleString('zh-CN') + '万元';
}

// A number of 万元 on an axis: 600, 1.2万 would be wrong, so 10,000 万元 reads as 1亿.
function wan(value) {
  if (value === null || value === undefined || value === '-') return '—';
  const n = Number(value);
  return Math.abs(n) >= 1e4 ? +(n / 1e4).toFixed(2) + '亿' : (+n.toFixed(2)).toLocaleString('zh-CN');
}

function pct(value) {
  if (value === null || value === undefined || value === '-') return '—';
  return +(Number(value) * 100).toFixed(1) + '%';
}

const named = { '@zh': zh, '@money': money, '@pct': pct, '@wan': wan };

function revive(node) {
  if (Array.isArray(node)) return node.map(revive);
  if (node && typeof node === 'object') {
    for (const key of Object.keys(node)) {
      const value = node[key];
      if ((key === 'formatter' || key === 'valueFormatter') && typeof value === 'string' && named[value]) {
        const format = named[value];
        node[key] = key === 'valueFormatter' ? format : (params) => format(typeof params === 'object' && params !== null ? params.value : params);
      } else {
        node[key] = revive(value);
      }
    }
  }
  return node;
}

function escape(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function signed(text, n) {
  return (n > 0 ? '+' : n < 0 ? '−' : '') + text;
}

// The axis tooltip: the category, then each series' value and, where its data item carries one, its change.
function compare(format) {
  return (params) => {
    const items = Array.isArray(params) ? params : [params];
    const lines = items.map((p) => {
      const item = p.data !== null && typeof p.data === 'object' ? p.data : { value: p.value };
      let line = `${p.marker}${escape(p.seriesName)}：${escape(format(item.value))}`;
      if (item.change !== null && item.change !== undefined) {
        const share = item.changeShare !== null && item.changeShare !== undefined ? `，${signed(pct(Math.abs(item.changeShare)), item.changeShare)}` : '';
        line += `（${escape(item.changeLabel)} ${escape(signed(format(Math.abs(item.change)), item.change))}${share}）`;
      }
      return line;
    });
    return [escape(items[0]?.axisValueLabel ?? items[0]?.name ?? ''), ...lines].join('<br/>');
  };
}

const palette = ['#1f5fbf', '#e8873a', '#2a9d8f', '#c44e52', '#8064a2', '#6c8ebf', '#d4a72c', '#4f9d69', '#a05195', '#7a7a7a'];

function draw(el) {
  const option = revive(JSON.parse(el.dataset.echart));
  if (option.tooltip?.formatter === '@compare') option.tooltip.formatter = compare(option.tooltip.valueFormatter ?? zh);
  option.color ??= palette;
  option.textStyle ??= { fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif' };
  option.animation = !window.matchMedia('print').matches && option.animation !== false;
  const chart = echarts.init(el, null, { renderer: 'canvas', locale: 'ZH' });
  chart.setOption(option);
  el.dataset.drawn = 'true';
  return chart;
}

const charts = [...document.querySelectorAll('[data-echart]')].map(draw);
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
window.addEventListener('beforeprint', () => charts.forEach((c) => c.resize()));
window.addEventListener('afterprint', () => charts.forEach((c) => c.resize()));
