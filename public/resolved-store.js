// Resolved links kept in this browser (IndexedDB), so a reload or the same sheet tomorrow
// asks the resolver nothing it has answered before. Only final answers are kept (a point, no
// point, a dead link, not a map link): failures are asked again next time.
//
// A plain script that sets `window.pinsheetResolved`, bound in src/resolving.rs by name. Not a
// wasm-bindgen snippet: the app and the worker are built from one crate, both write the
// snippet to the same path at once, and the page's integrity hash could then name the other
// copy (the page did not start in one clean-clone build).
const DB = 'pinsheet';
const STORE = 'resolved';

function open() {
  return new Promise((ok, fail) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => ok(request.result);
    request.onerror = () => fail(request.error);
  });
}

function finished(tx) {
  return new Promise((ok, fail) => {
    tx.oncomplete = () => ok();
    tx.onerror = () => fail(tx.error);
    tx.onabort = () => fail(tx.error);
  });
}

/** The kept answer of each link (null where none), in order. */
async function lookup(links) {
  const db = await open();
  try {
    const store = db.transaction(STORE, 'readonly').objectStore(STORE);
    return await Promise.all(links.map((link) => new Promise((ok) => {
      const request = store.get(link);
      request.onsuccess = () => ok(request.result ?? null);
      request.onerror = () => ok(null);
    })));
  } finally {
    db.close();
  }
}

/** Keeps answers: a list of [link, answer]. */
async function keep(entries) {
  if (entries.length === 0) return;
  const db = await open();
  try {
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    const at = Date.now();
    for (const [link, answer] of entries) store.put({ ...answer, at }, link);
    await finished(tx);
  } finally {
    db.close();
  }
}

/** Forgets every kept answer; says how many there were. */
async function forget() {
  const db = await open();
  try {
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    const count = await new Promise((ok) => {
      const request = store.count();
      request.onsuccess = () => ok(request.result);
      request.onerror = () => ok(0);
    });
    store.clear();
    await finished(tx);
    return count;
  } finally {
    db.close();
  }
}

window.pinsheetResolved = { lookup, keep, forget };
