// The region picker's search: as the user types a name or code, lists matching regions from /api/v1/regions;
// choosing one puts its code into the field (several codes may be listed, separated by commas).
for (const input of document.querySelectorAll('input[data-region-search]')) {
  const list = document.getElementById(input.getAttribute('aria-controls'));
  let pending = 0;
  const lastTerm = () => input.value.split(/[,，、;\s]+/).pop();
  const choose = (code) => {
    const parts = input.value.split(/[,，、;\s]+/).filter((p) => p.length > 0);
    parts.pop();
    parts.push(code);
    input.value = parts.join(',');
    list.hidden = true;
    input.focus();
  };
  input.addEventListener('input', async () => {
    const term = lastTerm();
    const ticket = ++pending;
    if (!term) {
      list.hidden = true;
      return;
    }
    const response = await fetch(`${input.dataset.regionSearch}?q=${encodeURIComponent(term)}`);
    const hits = response.ok ? await response.json() : [];
    if (ticket !== pending) return;
    list.replaceChildren(...hits.map((hit) => {
      const item = document.createElement('li');
      item.setAttribute('role', 'option');
      item.dataset.code = hit.code;
      item.textContent = `${hit.name}（${hit.code}）`;
      if (hit.path) {
        const path = document.createElement('small');
        path.textContent = ' ' + hit.path;
        item.append(path);
      }
      item.addEventListener('mousedown', (e) => {
        e.preventDefault();
        choose(hit.code);
      });
      return item;
    }));
    list.hidden = hits.length === 0;
  });
  input.addEventListener('blur', () => { list.hidden = true; });
}
