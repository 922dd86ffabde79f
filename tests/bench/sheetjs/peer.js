// What a hand-written SheetJS page does: read every sheet, find the column of map links,
// append Latitude, Longitude and Coordinate source after the sheet's columns, write the
// workbook. Only for timing; it does not try to match pinsheet's coverage.
'use strict';
const NUMBER = String.raw`(-?\d+(?:\.\d+)?)`;
const FORMS = [
  [new RegExp(String.raw`!3d${NUMBER}!4d${NUMBER}`), 'place pin'],
  [new RegExp(String.raw`[?&]q=${NUMBER},${NUMBER}`), 'typed coordinates'],
  [new RegExp(`@${NUMBER},${NUMBER}`), 'map view'],
  [new RegExp(String.raw`^\s*${NUMBER},\s*${NUMBER}\s*$`), 'typed coordinates'],
];

function extract(text) {
  for (const [pattern, source] of FORMS) {
    const match = pattern.exec(text);
    if (match) return [Number(match[1]), Number(match[2]), source];
  }
  return [null, null, text.includes('goo.gl') ? 'short link — needs resolver' : 'no coordinates'];
}

function linkColumn(sheet, range) {
  for (let c = range.s.c; c <= range.e.c; c++) {
    for (let r = range.s.r; r <= Math.min(range.e.r, range.s.r + 100); r++) {
      const cell = sheet[XLSX.utils.encode_cell({ r, c })];
      if (cell && cell.t === 's' && /google|goo\.gl/.test(cell.v)) return c;
    }
  }
  return -1;
}

function convert(sheet) {
  if (!sheet['!ref']) return;
  const range = XLSX.utils.decode_range(sheet['!ref']);
  const column = linkColumn(sheet, range);
  if (column < 0) return;
  const first = range.e.c + 1;
  ['Latitude', 'Longitude', 'Coordinate source'].forEach((name, k) => {
    sheet[XLSX.utils.encode_cell({ r: range.s.r, c: first + k })] = { t: 's', v: name };
  });
  for (let r = range.s.r + 1; r <= range.e.r; r++) {
    const cell = sheet[XLSX.utils.encode_cell({ r, c: column })];
    if (!cell) continue;
    const [lat, lon, source] = extract(String(cell.v));
    if (lat !== null) {
      sheet[XLSX.utils.encode_cell({ r, c: first })] = { t: 'n', v: lat };
      sheet[XLSX.utils.encode_cell({ r, c: first + 1 })] = { t: 'n', v: lon };
    }
    sheet[XLSX.utils.encode_cell({ r, c: first + 2 })] = { t: 's', v: source };
  }
  range.e.c = first + 2;
  sheet['!ref'] = XLSX.utils.encode_range(range);
}

const input = document.querySelector('[data-testid="file-input"]');
const status = document.querySelector('[data-testid="status"]');
const download = document.querySelector('[data-testid="download"]');
input.addEventListener('change', async () => {
  performance.mark('peer:file-chosen');
  try {
    const book = XLSX.read(await input.files[0].arrayBuffer(), { type: 'array' });
    for (const name of book.SheetNames) convert(book.Sheets[name]);
    const bytes = XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: true });
    download.href = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
    download.hidden = false;
    performance.mark('peer:download-ready');
  } catch (error) {
    status.dataset.failed = 'true';
    status.textContent = String(error && error.message || error);
  }
});
