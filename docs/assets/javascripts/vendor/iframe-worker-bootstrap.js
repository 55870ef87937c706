/* The iframe side of iframe-worker-shim.js (iframe-worker 1.0.4, MIT, (c) 2020-2022 Martin
   Donath): upstream writes it into the iframe as an inline script; here it is a file, so the
   pages' Content-Security-Policy needs no 'unsafe-inline'. It runs in the hidden iframe that
   stands in for the search worker on file:// pages, before the worker's own script. */
"use strict";
(function () {
  var worker = document.currentScript.getAttribute("data-worker");
  // The worker's postMessage talks to the page, as a real worker's does.
  window.postMessage = function (message, origin) { parent.postMessage(message, origin || "*"); };
  // importScripts loads each script in turn, as a real worker's does.
  window.importScripts = function () {
    return Array.prototype.reduce.call(arguments, function (done, src) {
      return done.then(function () {
        return new Promise(function (loaded) {
          var script = document.createElement("script");
          script.src = src;
          script.onload = loaded;
          document.body.appendChild(script);
        });
      });
    }, Promise.resolve());
  };
  addEventListener("error", function (event) {
    parent.dispatchEvent(new ErrorEvent("error", { filename: worker, error: event.error }));
  });
})();
