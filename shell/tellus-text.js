// Tellus text, painted by the browser. The app lays out and draws its screens with Dear ImGui,
// but every run of text is measured, broken into lines and painted here, by the browser's own text
// engine (Canvas 2D): shaping (Arabic joining, Gurmukhi and Tamil clusters), right-to-left runs,
// line-break rules per script (Intl.Segmenter) and fallback between the fonts the device already
// has. So any script the device can show, the app can show, and no font is downloaded for it.
// src/platform/text_web.cpp calls these functions and keeps what they paint as WebGL textures.
// Sizes are device pixels: the caller multiplies by devicePixelRatio, so text is crisp at 1x to 3x.
"use strict";
self.TellusText = (() => {
  // The device's sans-serif fonts, preferring Noto where it is installed (Debian, ChromeOS,
  // Android's script fonts), then each platform's system font. Per language, the font that draws
  // its letters the way its readers expect goes first (Han characters differ between Simplified
  // and Traditional Chinese; Urdu is read in Nastaliq).
  const BASE = '"Noto Sans", system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  const FIRST = {
    zh: '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", ',
    "zh-Hans": '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", ',
    "zh-Hant": '"Noto Sans CJK TC", "Noto Sans TC", "PingFang TC", "Microsoft JhengHei", ',
    ar: '"Noto Naskh Arabic", "Noto Sans Arabic", "Geeza Pro", "Segoe UI", ',
    fa: '"Noto Naskh Arabic", "Noto Sans Arabic", "Geeza Pro", "Segoe UI", ',
    ur: '"Noto Nastaliq Urdu", "Noto Naskh Arabic", "Noto Sans Arabic", ',
    pa: '"Noto Sans Gurmukhi", "Raavi", ',
    ta: '"Noto Sans Tamil", "Latha", ',
    // Canadian syllabics (Cree, Oji-Cree, Ojibwe, Inuktitut)
    cr: '"Noto Sans Canadian Aboriginal", "Euphemia UCAS", "Euphemia", ',
    oj: '"Noto Sans Canadian Aboriginal", "Euphemia UCAS", "Euphemia", ',
    iu: '"Noto Sans Canadian Aboriginal", "Euphemia UCAS", "Euphemia", ',
  };
  let language = "en";
  let family = BASE;
  const canvas = document.createElement("canvas");
  const ctx = canvas.getContext("2d");
  const segmenters = new Map();  // language -> Intl.Segmenter

  function setLanguage(lang) {
    language = lang || "en";
    family = (FIRST[language] || FIRST[language.split("-")[0]] || "") + BASE;
  }
  function fontOf(px) { return `${px}px ${family}`; }

  function measure(text, px) {
    ctx.font = fontOf(px);
    return ctx.measureText(text).width;
  }

  // UTF-8 bytes of a string (the app's offsets are UTF-8; JavaScript's are UTF-16).
  function utf8Length(s) {
    let n = 0;
    for (const ch of s) {
      const cp = ch.codePointAt(0);
      n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
    return n;
  }

  const OPENING = /^[([{"'«‹“‘¿¡「『（【〔《〈]$/u;  // punctuation that stays with what follows
  const SPACE = /^\s+$/u;
  // Bidi isolates around inserted values (Catalog::format) are invisible: the segmenter glues them
  // to their neighbours (" \u2068", "(\u2068"), so tests look through them, and a line never ends
  // on an opening one (it goes with the value to the next line).
  const bare = (s) => s.replace(/[\u2066-\u2069]/gu, "");
  const OPENING_ISOLATES = /[\u2066-\u2068]+$/u;
  // Where a line may begin, as UTF-8 offsets. Intl.Segmenter knows each script's words (it uses
  // a dictionary for Chinese, Thai and others). A line may begin after a space, or at a word that
  // does not follow opening punctuation (so between Chinese words, which have no spaces, and after
  // a hyphen or "，"), but never at punctuation that ends something (a comma or "。" stays put).
  function breaks(text) {
    let segmenter = segmenters.get(language);
    if (!segmenter) {
      try { segmenter = new Intl.Segmenter(language, { granularity: "word" }); } catch { segmenter = new Intl.Segmenter("en", { granularity: "word" }); }
      segmenters.set(language, segmenter);
    }
    const out = [];
    let offset = 0, previous = null;
    for (const part of segmenter.segment(text)) {
      const seg = bare(part.segment), before = previous === null ? null : bare(previous.segment);
      if (previous !== null && seg !== "" && !SPACE.test(seg) &&
          (SPACE.test(before) || (part.isWordLike && !OPENING.test(before)))) {
        const opener = OPENING_ISOLATES.exec(previous.segment);
        out.push(offset - (opener ? utf8Length(opener[0]) : 0));
      }
      offset += utf8Length(part.segment);
      previous = part;
    }
    return out;
  }

  // One line of text painted white on transparent (the app tints it), with room for what the
  // letters draw outside their advance (Arabic swashes, Tamil and Gurmukhi vowel signs above and
  // below). Returns the canvas and where the text's origin (start of the baseline) lies in it,
  // in whole pixels so the texture lands on the device's pixel grid.
  let painted = false;
  function paint(text, px, rtl) {
    if (!painted && performance.mark) { painted = true; performance.mark("tellus:text-ready"); }  // bench/app's breakdown
    ctx.font = fontOf(px);
    ctx.direction = rtl ? "rtl" : "ltr";
    ctx.textAlign = "left";
    ctx.textBaseline = "alphabetic";
    const m = ctx.measureText(text);
    const pad = 2;
    const left = Math.ceil(Math.max(0, m.actualBoundingBoxLeft)) + pad;
    const ascent = Math.ceil(Math.max(m.actualBoundingBoxAscent, m.fontBoundingBoxAscent || 0, px)) + pad;
    const descent = Math.ceil(Math.max(m.actualBoundingBoxDescent, m.fontBoundingBoxDescent || 0, px * 0.3)) + pad;
    const right = Math.ceil(Math.max(m.width, m.actualBoundingBoxRight)) + pad;
    canvas.width = Math.max(1, left + right);
    canvas.height = Math.max(1, ascent + descent);
    // (Resizing a canvas resets its state.)
    ctx.font = fontOf(px);
    ctx.direction = rtl ? "rtl" : "ltr";
    ctx.textAlign = "left";
    ctx.textBaseline = "alphabetic";
    ctx.fillStyle = "#fff";
    ctx.fillText(text, left, ascent);
    return { canvas, width: canvas.width, height: canvas.height, originX: left, originY: ascent };
  }

  // (fontOf: the CSS font a run of `px` pixels is painted in, for tests that compare with the DOM.)
  return { setLanguage, measure, breaks, paint, fontOf };
})();
