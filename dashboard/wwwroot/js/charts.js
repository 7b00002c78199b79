// Draws every [data-echart] element with the option the server wrote into it. ECharts is loaded once per page
// by a classic script before this module runs. Options are JSON, so formatters are named: "@zh" (万/亿),
// "@pct" (percent), "@money" (万元 with 亿元 when large), "@wan" (axis ticks in 万元).
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

const palette = ['#1f5fbf', '#e8873a', '#2a9d8f', '#c44e52', '#8064a2', '#6c8ebf', '#d4a72c', '#4f9d69', '#a05195', '#7a7a7a'];

function draw(el) {
  const option = revive(JSON.parse(el.dataset.echart));
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
