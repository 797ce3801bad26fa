// The phone poster (shell/poster.html): draws the QR code of the phone link for this site and
// survey with the qrcode-generator library from npm (webdeps/, copied to vendor/ at build time).
// poster.html?site=ID&survey=ID -> the app's address with ?mode=phone&site=ID[&survey=ID].
"use strict";
(function () {
  const params = new URLSearchParams(location.search);
  const link = new URL("./", location.href);
  link.search = "";
  link.hash = "";
  link.searchParams.set("mode", "phone");
  if (params.get("site")) link.searchParams.set("site", params.get("site"));
  if (params.get("survey") && params.get("survey") !== window.TellusConfig.defaultSurvey) link.searchParams.set("survey", params.get("survey"));
  const url = link.toString();
  document.getElementById("link").textContent = url;
  document.getElementById("qr").dataset.link = url;
  document.getElementById("print").addEventListener("click", () => window.print());
  if (typeof window.qrcode !== "function") {
    document.getElementById("problem").textContent =
      "The QR code library is missing: run scripts/build.sh. / La bibliothèque de codes QR manque : lancez scripts/build.sh.";
    return;
  }
  const qr = window.qrcode(0, "M");  // smallest version that fits; medium error correction survives a worn print
  qr.addData(url);
  qr.make();
  document.getElementById("qr").innerHTML = qr.createSvgTag({ cellSize: 8, margin: 4, scalable: true });
})();
