// The open file kept across one reload: a new resolver address takes a reload (the page's
// security policy is fixed when it loads), and the person should not have to find the file
// again. Kept in IndexedDB, which stores a File as it is, and forgotten when taken back.
//
// A plain script that sets `window.pinsheetKept`, bound in src/browser.rs by name (not a
// wasm-bindgen snippet: see resolved-store.js).
(function () {
  'use strict';
  var DB = 'pinsheet-kept';
  var STORE = 'file';
  var KEY = 'open';

  function open() {
    return new Promise(function (ok, fail) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE); };
      request.onsuccess = function () { ok(request.result); };
      request.onerror = function () { fail(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (ok, fail) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); ok(result.value); };
        tx.onerror = tx.onabort = function () { db.close(); fail(tx.error); };
      });
    });
  }

  window.pinsheetKept = {
    /** Keeps `file` (a Blob or File) under `name` until it is taken. */
    keep: function (file, name) {
      return run('readwrite', function (store) {
        store.put({ name: name, file: file }, KEY);
        return {};
      });
    },
    /** The kept {name, file}, or null; either way nothing is kept afterwards. */
    take: function () {
      return run('readwrite', function (store) {
        var result = { value: null };
        var request = store.get(KEY);
        request.onsuccess = function () { result.value = request.result || null; };
        store.delete(KEY);
        return result;
      });
    },
  };
})();
