// The upload page: sends the chosen or dropped files to POST /api/v1/submissions with a progress bar, and shows each
// file's check report. Every text from the server goes in with textContent, never as markup.
const root = document.querySelector('[data-upload]');
if (root) {
  const input = root.querySelector('[data-files]');
  const zone = root.querySelector('[data-dropzone]');
  const progress = root.querySelector('[data-progress]');
  const reports = root.querySelector('[data-reports]');
  const measureNames = JSON.parse(root.dataset.measures || '{}');
  const statusNames = { accepted: '通过', warning: '通过（有提示）', rejected: '未通过' };
  const loadNames = { loaded: '已入库', superseded: '已入库（替换旧版本）', duplicate: '与已入库文件相同', quarantined: '未入库（已隔离）' };

  const el = (tag, text, cls) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  };

  const show = (line) => {
    const card = el('article', undefined, 'report report-' + line.status);
    card.dataset.report = line.status;
    card.append(el('h2', line.file));
    const unit = line.unit ? `${line.unit.name}（${line.unit.code}）` : '未识别';
    card.append(el('p', `状态：${statusNames[line.status] || line.status} · ${loadNames[line.load] || line.load || ''} · 单位：${unit} · 年度：${line.year ?? '未识别'}`));
    const values = Object.entries(line.values || {});
    if (values.length > 0) {
      const list = el('ul', undefined, 'report-values');
      for (const [code, v] of values) list.append(el('li', `${measureNames[code] || code}：${v ?? '空'}`));
      card.append(list);
    }
    const issues = line.issues || [];
    if (issues.length > 0) {
      const list = el('ul', undefined, 'report-issues');
      for (const issue of issues) list.append(el('li', `${issue.severity === 'error' ? '错误' : '提示'}${issue.cell ? '［' + issue.cell + '］' : ''}：${issue.message}`));
      card.append(list);
    }
    reports.prepend(card);
  };

  const send = (files) => {
    if (files.length === 0) return;
    const body = new FormData();
    for (const file of files) body.append('file', file, file.name);
    const year = root.querySelector('[data-year]').value;
    if (year) body.append('year', year);
    const request = new XMLHttpRequest();
    request.open('POST', '/api/v1/submissions');
    request.setRequestHeader('RequestVerificationToken', root.dataset.token);
    progress.hidden = false;
    progress.value = 0;
    request.upload.onprogress = (e) => { if (e.lengthComputable) progress.value = Math.round(100 * e.loaded / e.total); };
    request.onload = () => {
      progress.value = 100;
      let answer;
      try { answer = JSON.parse(request.responseText); } catch { answer = null; }
      if (request.status === 200 && Array.isArray(answer)) {
        answer.forEach(show);
      } else {
        const card = el('article', (answer && answer.message_zh) || `上传失败（${request.status}）`, 'report report-rejected');
        card.dataset.report = 'failed';
        reports.prepend(card);
      }
      input.value = '';
    };
    request.onerror = () => reports.prepend(el('article', '网络中断，上传未完成，请重试。', 'report report-rejected'));
    request.send(body);
  };

  input.addEventListener('change', () => send([...input.files]));
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => { e.preventDefault(); zone.classList.remove('over'); send([...e.dataTransfer.files]); });
}
