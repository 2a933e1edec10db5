/*
 * gembakit verifier page: checks a GK2 certificate entirely in this browser (WebCrypto), offline
 * once the page is open. The formats are those of docs/formats.md ("Certificates", "Trust list",
 * "Revocation list", "Verdicts"); the verdict is the one `gembakit verify` gives.
 *
 * Nothing here sends the certificate anywhere: it comes from the part of the address after "#"
 * (which browsers never send to a server), from the text box, or from the camera; the only
 * requests are for trust-list.json and the revocation lists beside the page.
 *
 * Hooks for tests (and for anyone embedding the page):
 *   window.GEMBAKIT_TODAY = "YYYY-MM-DD"   set before the page runs (an init script) or before
 *                                          a check: the day checked instead of the device's date;
 *   window.gembakitVerdict                 {valid: bool, codes: [sorted codes]} after each check;
 *   document.body.dataset.verdict          "none", "checking", "valid" or "invalid";
 *   document.body.dataset.checks           how many checks have finished (to wait for the next);
 *   window.gembakitCheck(text)             checks a text or a link as the "Check" button does and
 *                                          resolves to the verdict;
 *   window.gembakitSources                 a promise of the trust and revocation copies in use.
 *
 * Besides the codes of the Verdicts table the page has two of its own, never VALID either:
 * "page.unsupported" (this browser lacks what a check needs: Ed25519 in WebCrypto, WebCrypto
 * itself outside https, DecompressionStream) and "page.error" (the page itself failed).
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("gk-data").textContent);
  var MAX_INFLATED = 8192;
  var TRUST_SCHEMA = "gembakit/trust/v2";
  var REVOKED_SCHEMA = "gembakit/revoked/v2";
  var TIERS = ["self", "consultant", "state"];
  var STATUSES = ["suspended", "withdrawn", "cancelled"];
  var SERIAL_PREFIX = { self: "GK-SD", consultant: "GK-CA", state: "GK-SR" };
  var B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  var FETCH_TIMEOUT_MS = 5000;

  // ------------------------------------------------------------------ words (vi, en)

  var TIER_WORDS = {
    self: ["Tự công bố", "Self-declaration"],
    consultant: ["Đánh giá của đơn vị tư vấn", "Consultant assessment"],
    state: ["Công nhận của cơ quan nhà nước", "State recognition"]
  };
  var STATUS_WORDS = {
    suspended: ["bị đình chỉ", "suspended"],
    withdrawn: ["bị thu hồi", "withdrawn"],
    cancelled: ["bị hủy bỏ", "cancelled"]
  };

  /** A failed check: its code (from the Verdicts table) and what it means, in both languages. */
  function reason(code, vi, en) {
    return { code: code, vi: vi, en: en };
  }

  /** A decoding rule broken; `vi`/`en` say which, for the person checking. */
  function FormatError(vi, en) {
    this.vi = vi;
    this.en = en;
  }

  /** Something this browser cannot do (an old browser without Ed25519, say). */
  function Unsupported(vi, en) {
    this.vi = vi;
    this.en = en;
  }

  function fmt(vi, en) {
    return new FormatError(vi, en);
  }

  // ------------------------------------------------------------------ bytes, text, dates

  var utf8Strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  var utf8Encoder = new TextEncoder();

  function concat(chunks) {
    var size = 0;
    chunks.forEach(function (c) { size += c.length; });
    var out = new Uint8Array(size);
    var at = 0;
    chunks.forEach(function (c) { out.set(c, at); at += c.length; });
    return out;
  }

  function sameBytes(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }

  function fromHex(text) {
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(text.substr(i * 2, 2), 16);
    return out;
  }

  var B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  function b64url(bytes) {
    var out = "";
    for (var i = 0; i < bytes.length; i += 3) {
      var n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
      var chars = Math.min(4, Math.ceil((bytes.length - i) * 4 / 3));
      for (var k = 0; k < chars; k++) out += B64URL[(n >> (18 - 6 * k)) & 63];
    }
    return out;
  }

  /** Strict base64url without padding: one text for each byte string, as the Python side. */
  function b64urlDecode(text) {
    if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
      throw fmt("không phải base64url", "not base64url");
    }
    var out = new Uint8Array(Math.floor(text.length * 3 / 4));
    var bits = 0, value = 0, at = 0;
    for (var i = 0; i < text.length; i++) {
      value = (value << 6) | B64URL.indexOf(text[i]);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[at++] = (value >> bits) & 255;
      }
    }
    if (value & ((1 << bits) - 1)) throw fmt("base64url có bit thừa", "base64url with stray bits");
    return out;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  function daysFromCivil(y, m, d) {
    y -= m <= 2 ? 1 : 0;
    var era = Math.floor(y / 400);
    var yoe = y - era * 400;
    var doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
    var doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
  }

  function civilFromDays(z) {
    z += 719468;
    var era = Math.floor(z / 146097);
    var doe = z - era * 146097;
    var yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) -
      Math.floor(doe / 146096)) / 365);
    var doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    var mp = Math.floor((5 * doy + 2) / 153);
    var d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    var m = mp + (mp < 10 ? 3 : -9);
    return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = "0" + s;
    return s;
  }

  function isoDay(days) {
    var c = civilFromDays(days);
    return pad(c[0], 4) + "-" + pad(c[1], 2) + "-" + pad(c[2], 2);
  }

  /** A `YYYY-MM-DD` text as a day number, or a FormatError: exactly that shape, a real date. */
  function parseDate(text) {
    var m = typeof text === "string" && /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
    if (!m) throw fmt("không phải ngày YYYY-MM-DD", "not a YYYY-MM-DD date");
    var y = +m[1], mo = +m[2], d = +m[3];
    var days = daysFromCivil(y, mo, d);
    if (y < 1 || isoDay(days) !== text) throw fmt("ngày không có thật", "not a calendar date");
    return days;
  }

  var LAST_DAY = daysFromCivil(9999, 12, 31);

  /**
   * The day checked: the device's own calendar date (a certificate is in force through its
   * expiry date, whole days), or window.GEMBAKIT_TODAY when a test sets it.
   */
  function today() {
    if (typeof window.GEMBAKIT_TODAY === "string") return parseDate(window.GEMBAKIT_TODAY);
    var now = new Date();
    return daysFromCivil(now.getFullYear(), now.getMonth() + 1, now.getDate());
  }

  function isInt(v) {
    return typeof v === "number" && Number.isInteger(v);
  }

  function isText(v) {
    return typeof v === "string" && v.length > 0;
  }

  function isObject(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  }

  function hasKeys(obj, required, optional) {
    var keys = Object.keys(obj);
    return required.every(function (k) { return keys.indexOf(k) >= 0; }) &&
      keys.every(function (k) { return required.indexOf(k) >= 0 || optional.indexOf(k) >= 0; });
  }

  // ------------------------------------------------------------------ Base45 (RFC 9285)

  /** Strict: only the alphabet (upper case), no length 1 mod 3, no group above its byte range. */
  function base45Decode(text) {
    if (text.length % 3 === 1) {
      throw fmt("độ dài Base45 chia 3 dư 1", "a Base45 length of 1 modulo 3");
    }
    var out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
    var at = 0;
    for (var i = 0; i < text.length; i += 3) {
      var group = text.substr(i, 3);
      var n = 0;
      for (var k = group.length - 1; k >= 0; k--) {
        var v = B45.indexOf(group[k]);
        if (v < 0) {
          throw fmt("có ký tự ngoài bảng chữ Base45 (" + JSON.stringify(group[k]) + ")",
            "a character outside the Base45 alphabet (" + JSON.stringify(group[k]) + ")");
        }
        n = n * 45 + v;
      }
      if (group.length === 3) {
        if (n > 65535) throw fmt("nhóm Base45 lớn hơn 65535", "a Base45 group above 65535");
        out[at++] = n >> 8;
        out[at++] = n & 255;
      } else {
        if (n > 255) throw fmt("cặp Base45 lớn hơn 255", "a Base45 pair above 255");
        out[at++] = n;
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ zlib (RFC 1950)

  function adler32(bytes) {
    var a = 1, b = 0;
    for (var i = 0; i < bytes.length; i++) {
      a = (a + bytes[i]) % 65521;
      b = (b + a) % 65521;
    }
    return ((b << 16) | a) >>> 0;
  }

  /**
   * Inflate a zlib stream with the browser's DecompressionStream, refusing it past 8,192 bytes.
   * The input goes in small slices, each written only when the output side asks for more, so a
   * "deflate bomb" never expands more than about a thousand times one slice before it is stopped.
   */
  async function inflate(bytes) {
    if (typeof DecompressionStream !== "function") {
      throw new Unsupported("Trình duyệt này không giải nén được (thiếu DecompressionStream)",
        "This browser cannot decompress (no DecompressionStream)");
    }
    var SLICE = 256;
    var stream = new DecompressionStream("deflate");
    var writer = stream.writable.getWriter();
    var reader = stream.readable.getReader();
    var stopped = false;
    (async function feed() {
      for (var i = 0; i < bytes.length && !stopped; i += SLICE) {
        await writer.ready;
        if (stopped) return;
        writer.write(bytes.subarray(i, i + SLICE)).catch(function () {});
      }
      await writer.ready;
      if (!stopped) await writer.close();
    })().catch(function () {});
    var chunks = [];
    var total = 0;
    try {
      for (;;) {
        var part = await reader.read();
        if (part.done) break;
        total += part.value.length;
        if (total > MAX_INFLATED) {
          stopped = true;
          throw fmt("giải nén ra hơn 8.192 byte", "inflates past 8,192 bytes");
        }
        chunks.push(part.value);
      }
    } catch (error) {
      stopped = true;
      reader.cancel().catch(function () {});
      writer.abort().catch(function () {});
      if (error instanceof FormatError) throw error;
      var message = String(error && error.message);
      if (/junk|trailing/i.test(message)) {
        throw fmt("có byte thừa sau dữ liệu nén", "bytes after the end of the zlib stream");
      }
      if (/truncated|end of/i.test(message)) {
        throw fmt("dữ liệu nén bị cắt cụt", "the zlib stream is cut short");
      }
      throw fmt("dữ liệu nén zlib không hợp lệ", "not a valid zlib stream");
    }
    var out = concat(chunks);
    // A browser that ignored bytes after the end of the stream would still leave the Adler-32
    // of the output as the last four bytes only when nothing follows it.
    var tail = bytes.length >= 4 ? ((bytes[bytes.length - 4] << 24) | (bytes[bytes.length - 3] << 16) |
      (bytes[bytes.length - 2] << 8) | bytes[bytes.length - 1]) >>> 0 : -1;
    if (tail !== adler32(out)) {
      throw fmt("có byte thừa sau dữ liệu nén", "bytes after the end of the zlib stream");
    }
    return out;
  }

  // ------------------------------------------------------------------ deterministic CBOR

  var TWO_53 = Math.pow(2, 53);

  function Tagged(tag, value) {
    this.tag = tag;
    this.value = value;
  }

  /**
   * Decode one CBOR item under the format's rules: definite lengths, shortest heads, no floats
   * or simple values, no tag but 18 around the whole item (when `tagged`), int or text map keys
   * in canonical order without duplicates, integers within ±2^53, containers nested at most 4
   * deep, nothing after the item. Then re-encode it and require the same bytes.
   * Values: numbers, strings, Uint8Array, Array, Map, Tagged.
   */
  function cborDecode(bytes, tagged) {
    var pos = 0;

    function need(n) {
      if (n > bytes.length - pos) throw fmt("CBOR bị cắt cụt", "CBOR cut short");
    }

    function argument(ai, major) {
      if (ai < 24) return ai;
      if (ai === 24) {
        need(1);
        var v1 = bytes[pos++];
        if (v1 < 24) throw nonShortest();
        return v1;
      }
      if (ai === 25) {
        need(2);
        var v2 = (bytes[pos] << 8) | bytes[pos + 1];
        pos += 2;
        if (v2 < 256) throw nonShortest();
        return v2;
      }
      if (ai === 26) {
        need(4);
        var v4 = ((bytes[pos] << 24) | (bytes[pos + 1] << 16) | (bytes[pos + 2] << 8) |
          bytes[pos + 3]) >>> 0;
        pos += 4;
        if (v4 < 65536) throw nonShortest();
        return v4;
      }
      if (ai === 27) {
        need(8);
        var hi = ((bytes[pos] << 24) | (bytes[pos + 1] << 16) | (bytes[pos + 2] << 8) |
          bytes[pos + 3]) >>> 0;
        var lo = ((bytes[pos + 4] << 24) | (bytes[pos + 5] << 16) | (bytes[pos + 6] << 8) |
          bytes[pos + 7]) >>> 0;
        pos += 8;
        if (hi === 0) throw nonShortest();
        var limit = major === 1 ? TWO_53 - 1 : TWO_53;  // -1 - n stays within -2^53
        if (hi > 0x200000 || hi * 4294967296 + lo > limit) {
          throw fmt("số nguyên vượt quá ±2^53", "an integer beyond ±2^53");
        }
        return hi * 4294967296 + lo;
      }
      if (ai === 31) throw fmt("CBOR độ dài không xác định", "CBOR of indefinite length");
      throw fmt("CBOR không hợp lệ", "not valid CBOR");
    }

    function nonShortest() {
      return fmt("CBOR không ở dạng ngắn nhất", "CBOR not in its shortest form");
    }

    function item(depth) {
      need(1);
      var start = pos;
      var ib = bytes[pos++];
      var major = ib >> 5;
      var ai = ib & 31;
      if (major === 7) {
        throw fmt("CBOR có số thực hoặc giá trị đặc biệt", "CBOR with a float or simple value");
      }
      var n = argument(ai, major);
      switch (major) {
        case 0: return n;
        case 1: return -1 - n;
        case 2:
          need(n);
          pos += n;
          return bytes.slice(pos - n, pos);
        case 3:
          need(n);
          pos += n;
          try {
            return utf8Strict.decode(bytes.subarray(pos - n, pos));
          } catch (e) {
            throw fmt("văn bản CBOR không phải UTF-8", "CBOR text that is not UTF-8");
          }
        case 4: {
          if (depth + 1 > 4) throw tooDeep();
          var list = [];
          for (var i = 0; i < n; i++) list.push(item(depth + 1));
          return list;
        }
        case 5: {
          if (depth + 1 > 4) throw tooDeep();
          var map = new Map();
          var previous = null;
          for (var j = 0; j < n; j++) {
            var keyStart = pos;
            var key = item(depth + 1);
            if (!isInt(key) && typeof key !== "string") {
              throw fmt("khóa CBOR không phải số nguyên hay văn bản",
                "a CBOR map key that is neither an integer nor a text");
            }
            var keyBytes = bytes.subarray(keyStart, pos);
            if (previous !== null) {
              var order = compareKeys(previous, keyBytes);
              if (order === 0) throw fmt("khóa CBOR trùng lặp", "a duplicate CBOR map key");
              if (order > 0) throw fmt("khóa CBOR sai thứ tự", "CBOR map keys out of order");
            }
            previous = keyBytes;
            map.set(key, item(depth + 1));
          }
          return map;
        }
        case 6:
          if (!(tagged && start === 0 && n === 18)) {
            throw fmt("CBOR có thẻ (tag) không được phép", "a CBOR tag that is not allowed");
          }
          return new Tagged(18, item(depth));
      }
      throw fmt("CBOR không hợp lệ", "not valid CBOR");
    }

    function tooDeep() {
      return fmt("CBOR lồng nhau quá 4 mức", "CBOR nested more than 4 levels");
    }

    var value = item(0);
    if (pos !== bytes.length) throw fmt("có byte thừa sau CBOR", "bytes after the CBOR item");
    if (!sameBytes(cborEncode(value), bytes)) {
      throw fmt("CBOR không ở dạng xác định", "CBOR not in deterministic form");
    }
    return value;
  }

  /** RFC 7049 §3.9 canonical order: the shorter encoded key first, then byte by byte. */
  function compareKeys(a, b) {
    if (a.length !== b.length) return a.length - b.length;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  }

  function cborHead(major, n) {
    if (n < 24) return Uint8Array.of((major << 5) | n);
    if (n < 256) return Uint8Array.of((major << 5) | 24, n);
    if (n < 65536) return Uint8Array.of((major << 5) | 25, n >> 8, n & 255);
    if (n < 4294967296) {
      return Uint8Array.of((major << 5) | 26, n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255);
    }
    var hi = Math.floor(n / 4294967296), lo = n % 4294967296;
    return Uint8Array.of((major << 5) | 27, hi >>> 24, (hi >> 16) & 255, (hi >> 8) & 255,
      hi & 255, lo >>> 24, (lo >> 16) & 255, (lo >> 8) & 255, lo & 255);
  }

  /** Canonical CBOR of a decoded value (used to re-check a text, and for Sig_structure). */
  function cborEncode(value) {
    if (typeof value === "number") {
      return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
    }
    if (typeof value === "string") {
      var raw = utf8Encoder.encode(value);
      return concat([cborHead(3, raw.length), raw]);
    }
    if (value instanceof Uint8Array) return concat([cborHead(2, value.length), value]);
    if (Array.isArray(value)) {
      return concat([cborHead(4, value.length)].concat(value.map(cborEncode)));
    }
    if (value instanceof Map) {
      var entries = [];
      value.forEach(function (v, k) { entries.push([cborEncode(k), cborEncode(v)]); });
      entries.sort(function (x, y) { return compareKeys(x[0], y[0]); });
      var parts = [cborHead(5, entries.length)];
      entries.forEach(function (e) { parts.push(e[0], e[1]); });
      return concat(parts);
    }
    if (value instanceof Tagged) return concat([cborHead(6, value.tag), cborEncode(value.value)]);
    throw new Error("cannot encode " + value);
  }

  // ------------------------------------------------------------------ keys and signatures

  var SPKI_P256 = fromHex("3059301306072a8648ce3d020106082a8648ce3d030107034200");
  var SPKI_ED25519 = fromHex("302a300506032b6570032100");

  /**
   * A JWK as the format allows it: exactly {kty: EC, crv: P-256, x, y} or
   * {kty: OKP, crv: Ed25519, x}. Returns the algorithm, the raw public key and its SPKI DER
   * (written by hand, so the key id is computed the same whatever the browser supports).
   */
  function readJwk(jwk) {
    if (!isObject(jwk)) throw fmt("jwk không phải đối tượng", "jwk is not an object");
    if (jwk.kty === "EC" && hasKeys(jwk, ["kty", "crv", "x", "y"], []) && jwk.crv === "P-256") {
      var x = b64urlDecode(jwk.x), y = b64urlDecode(jwk.y);
      if (x.length !== 32 || y.length !== 32) {
        throw fmt("tọa độ P-256 phải dài 32 byte", "P-256 coordinates are 32 bytes");
      }
      var point = concat([Uint8Array.of(4), x, y]);
      return { alg: "ES256", raw: point, spki: concat([SPKI_P256, point]) };
    }
    if (jwk.kty === "OKP" && hasKeys(jwk, ["kty", "crv", "x"], []) && jwk.crv === "Ed25519") {
      var ex = b64urlDecode(jwk.x);
      if (ex.length !== 32) throw fmt("khóa Ed25519 phải dài 32 byte", "an Ed25519 key is 32 bytes");
      return { alg: "EdDSA", raw: ex, spki: concat([SPKI_ED25519, ex]) };
    }
    throw fmt("jwk không phải khóa công khai P-256 hay Ed25519",
      "jwk is neither a P-256 nor an Ed25519 public key");
  }

  async function kidOf(spki) {
    return b64url(new Uint8Array(await crypto.subtle.digest("SHA-256", spki)).subarray(0, 8));
  }

  function noEd25519() {
    return new Unsupported(
      "Trình duyệt này không kiểm tra được chữ ký Ed25519. Hãy mở trang bằng trình duyệt " +
      "mới hơn, hoặc dùng lệnh gembakit verify.",
      "This browser cannot check Ed25519 signatures. Open the page in a newer browser, or use " +
      "gembakit verify.");
  }

  /** The WebCrypto key; a P-256 point off the curve is a FormatError, no Ed25519 Unsupported. */
  async function importKey(key) {
    if (key.crypto) return key.crypto;
    var params = key.alg === "ES256" ? { name: "ECDSA", namedCurve: "P-256" } : { name: "Ed25519" };
    try {
      key.crypto = await crypto.subtle.importKey("raw", key.raw, params, false, ["verify"]);
    } catch (error) {
      if (key.alg === "EdDSA" && error && error.name === "NotSupportedError") throw noEd25519();
      throw fmt("khóa công khai không hợp lệ", "not a valid public key");
    }
    return key.crypto;
  }

  /** ES256: the 64 bytes r‖s (what WebCrypto takes); EdDSA: RFC 8032. */
  async function verifySignature(key, signature, data) {
    if (key.alg === "ES256" && signature.length !== 64) return false;
    var cryptoKey = await importKey(key);
    var params = key.alg === "ES256" ? { name: "ECDSA", hash: "SHA-256" } : { name: "Ed25519" };
    try {
      return await crypto.subtle.verify(params, cryptoKey, signature, data);
    } catch (error) {
      if (key.alg === "EdDSA" && error && error.name === "NotSupportedError") throw noEd25519();
      return false;
    }
  }

  // ------------------------------------------------------------------ signed JSON (JWS + JCS)

  var LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  /**
   * RFC 8785 canonical JSON. JSON.stringify already writes strings and numbers as JCS does;
   * what is left is the key order (UTF-16 code units: the default sort) and refusing what is
   * not I-JSON.
   */
  function jcs(value) {
    if (value === null || typeof value === "boolean") return JSON.stringify(value);
    if (typeof value === "number") {
      if (!isFinite(value)) throw fmt("số JSON không hữu hạn", "a JSON number that is not finite");
      return JSON.stringify(value);
    }
    if (typeof value === "string") {
      if (LONE_SURROGATE.test(value)) throw fmt("văn bản JSON lỗi", "a JSON text with a lone surrogate");
      return JSON.stringify(value);
    }
    if (Array.isArray(value)) return "[" + value.map(jcs).join(",") + "]";
    var keys = Object.keys(value).sort();
    return "{" + keys.map(function (k) { return jcs(k) + ":" + jcs(value[k]); }).join(",") + "}";
  }

  function isUnsigned(doc) {
    return !("signature" in doc) || doc.signature === null || doc.signature === "";
  }

  /** A detached compact JWS (RFC 7515 Appendix F): its header exactly {alg, kid}. */
  function parseJws(signature) {
    if (typeof signature !== "string") throw fmt("chữ ký không phải văn bản", "the signature is not a text");
    var parts = signature.split(".");
    if (parts.length !== 3 || parts[1] !== "") {
      throw fmt("không phải JWS tách rời", "not a detached compact JWS");
    }
    var header;
    try {
      header = JSON.parse(utf8Strict.decode(b64urlDecode(parts[0])));
    } catch (error) {
      if (error instanceof FormatError) throw error;
      throw fmt("phần đầu JWS không phải JSON", "the JWS header is not JSON");
    }
    if (!isObject(header) || !hasKeys(header, ["alg", "kid"], []) ||
        typeof header.alg !== "string" || typeof header.kid !== "string") {
      throw fmt("phần đầu JWS không phải {alg, kid}", "the JWS header is not {alg, kid}");
    }
    return { encoded: parts[0], header: header, signature: b64urlDecode(parts[2]) };
  }

  /** Whether `key` signed `doc` (every member but "signature", in canonical JSON). */
  async function jwsMatches(doc, jws, key) {
    if (jws.header.alg !== key.alg) return false;
    var body = Object.create(null);  // so a member named "__proto__" stays a member
    Object.keys(doc).forEach(function (k) { if (k !== "signature") body[k] = doc[k]; });
    var input = jws.encoded + "." + b64url(utf8Encoder.encode(jcs(body)));
    return verifySignature(key, jws.signature, utf8Encoder.encode(input));
  }

  // ------------------------------------------------------------------ trust list

  var TRUST_WORDS = {
    "trust.unsigned": ["Danh sách tin cậy chưa được ký: không thể biết khóa nào được phép cấp chứng nhận.",
      "The trust list is not signed: there is no telling which keys may issue certificates."],
    "trust.signature": ["Danh sách tin cậy đã bị sửa sau khi ký (chữ ký không khớp).",
      "The trust list was altered after it was signed (the signature does not match)."],
    "trust.root": ["Danh sách tin cậy được ký bởi một khóa gốc khác, không phải khóa gốc của chương trình mà trang này tin cậy.",
      "The trust list is signed by another root key, not the programme's root this page trusts."],
    "trust.format": ["Danh sách tin cậy bị lỗi định dạng", "The trust list is malformed"]
  };

  /** An issuer entry of a trust list, its key id checked against its key. */
  async function readIssuer(entry) {
    if (!isObject(entry)) throw fmt("mục đơn vị cấp không phải đối tượng", "an issuer is not an object");
    if (!hasKeys(entry, ["name", "kid", "jwk", "tiers"], ["valid_from", "valid_until", "verifier_url", "x5c"])) {
      throw fmt("mục đơn vị cấp thiếu hoặc thừa trường", "an issuer with missing or unknown members");
    }
    var key = readJwk(entry.jwk);
    if (entry.kid !== await kidOf(key.spki)) {
      throw fmt("mã khóa (kid) không khớp với khóa", "an issuer's kid is not its key's");
    }
    if (key.alg === "ES256") await importKey(key);  // a point off the curve is malformed
    var tiers = entry.tiers;
    if (!Array.isArray(tiers) || tiers.length === 0 ||
        tiers.some(function (t, i) { return TIERS.indexOf(t) < 0 || tiers.indexOf(t) !== i; })) {
      throw fmt("tiers phải là danh sách các loại khác nhau", "tiers is not a list of distinct tiers");
    }
    var until = "valid_until" in entry ? parseDate(entry.valid_until) : null;
    if ("verifier_url" in entry && !isText(entry.verifier_url)) {
      throw fmt("verifier_url không hợp lệ", "verifier_url is not a text");
    }
    if ("x5c" in entry && (!Array.isArray(entry.x5c) || !entry.x5c.every(isText))) {
      throw fmt("x5c không hợp lệ", "x5c is not a list of texts");
    }
    if (!isText(entry.name)) throw fmt("thiếu tên đơn vị cấp", "an issuer without a name");
    key.name = entry.name;
    key.kid = entry.kid;
    key.tiers = tiers.slice();
    key.validFrom = "valid_from" in entry ? parseDate(entry.valid_from) : null;  // no lower bound
    key.validUntil = until;
    return key;
  }

  async function readTrustContent(doc) {
    if (!hasKeys(doc, ["schema", "programme", "version", "issued", "issuers", "signature"],
        ["verifier_url"])) {
      throw fmt("thiếu hoặc thừa trường", "missing or unknown members");
    }
    if (!isText(doc.programme) || ("verifier_url" in doc && !isText(doc.verifier_url))) {
      throw fmt("programme hoặc verifier_url không hợp lệ", "programme or verifier_url is not a text");
    }
    parseDate(doc.issued);
    if (!isInt(doc.version) || doc.version < 1 || doc.version > TWO_53) {
      throw fmt("version phải là số nguyên dương", "version is not a positive integer");
    }
    if (!Array.isArray(doc.issuers)) throw fmt("issuers không phải danh sách", "issuers is not a list");
    var issuers = new Map();
    for (var i = 0; i < doc.issuers.length; i++) {
      var issuer = await readIssuer(doc.issuers[i]);
      if (issuers.has(issuer.kid)) throw fmt("một kid xuất hiện hai lần", "a kid twice");
      issuers.set(issuer.kid, issuer);
    }
    return { version: doc.version, issued: doc.issued, programme: doc.programme, issuers: issuers };
  }

  /**
   * A trust list checked against the pinned root: {trust} or {code, reason}. The order of the
   * checks decides which one code a broken list gets: schema, signature present, JWS shape,
   * signed by the pinned root, signature, then the signed content.
   */
  async function checkTrust(doc, root) {
    try {
      if (!isObject(doc) || doc.schema !== TRUST_SCHEMA) {
        throw fmt("không phải danh sách tin cậy " + TRUST_SCHEMA, "not a " + TRUST_SCHEMA + " trust list");
      }
      if (isUnsigned(doc)) return { code: "trust.unsigned" };
      var jws = parseJws(doc.signature);
      if (jws.header.kid !== root.kid) return { code: "trust.root", kid: jws.header.kid };
      if (!await jwsMatches(doc, jws, root.key)) return { code: "trust.signature" };
      return { trust: await readTrustContent(doc) };
    } catch (error) {
      if (error instanceof FormatError) return { code: "trust.format", detail: error };
      if (error instanceof Unsupported) return { unsupported: error };
      throw error;
    }
  }

  function trustReason(result, where) {
    if (result.unsupported) return reason("page.unsupported", result.unsupported.vi, result.unsupported.en);
    var words = TRUST_WORDS[result.code];
    var vi = words[0], en = words[1];
    if (result.detail) {
      vi += ": " + result.detail.vi + ".";
      en += ": " + result.detail.en + ".";
    }
    if (result.kid) {
      vi += " (kid " + result.kid + ")";
      en += " (kid " + result.kid + ")";
    }
    return reason(result.code, vi + " — " + where[0], en + " — " + where[1]);
  }

  // ------------------------------------------------------------------ revocation lists

  var REVOKED_WORDS = {
    "revoked.unsigned": ["chưa được ký, nên không dùng được", "is not signed, so it cannot be used"],
    "revoked.signature": ["đã bị sửa sau khi ký (chữ ký không khớp), nên không dùng được",
      "was altered after it was signed (the signature does not match), so it cannot be used"],
    "revoked.signer": ["được ký bởi một bên không có trong danh sách tin cậy, nên không dùng được",
      "is signed by someone the trust list does not know, so it cannot be used"],
    "revoked.format": ["bị lỗi định dạng, nên không dùng được", "is malformed, so it cannot be used"]
  };

  /** A revocation list: {list} when a key of the trust list signed it, else {code}. */
  async function checkRevoked(doc, trust) {
    try {
      if (!isObject(doc) || doc.schema !== REVOKED_SCHEMA) {
        throw fmt("không phải danh sách thu hồi " + REVOKED_SCHEMA, "not a " + REVOKED_SCHEMA + " list");
      }
      if (isUnsigned(doc)) return { code: "revoked.unsigned" };
      var signer = doc.signer;
      if (!isObject(signer) || !hasKeys(signer, ["name", "kid"], []) ||
          typeof signer.name !== "string" || typeof signer.kid !== "string") {
        throw fmt("signer phải là {name, kid}", "signer is not {name, kid}");
      }
      var jws = parseJws(doc.signature);
      var issuer = trust.issuers.get(signer.kid);
      if (!issuer || issuer.name !== signer.name) return { code: "revoked.signer", signer: signer };
      if (jws.header.kid !== issuer.kid || !await jwsMatches(doc, jws, issuer)) {
        return { code: "revoked.signature" };
      }
      if (!hasKeys(doc, ["schema", "generated", "signer", "certificates", "signature"], [])) {
        throw fmt("thiếu hoặc thừa trường", "missing or unknown members");
      }
      var generated = parseDate(doc.generated);
      if (!Array.isArray(doc.certificates)) {
        throw fmt("certificates không phải danh sách", "certificates is not a list");
      }
      doc.certificates.forEach(function (entry) {
        if (!isObject(entry) || !hasKeys(entry, ["id", "status", "since"], ["reason"]) ||
            !isText(entry.id) || STATUSES.indexOf(entry.status) < 0 ||
            ("reason" in entry && typeof entry.reason !== "string")) {
          throw fmt("một mục không hợp lệ", "an entry is malformed");
        }
        parseDate(entry.since);
      });
      return { list: { signer: issuer, generated: generated, entries: doc.certificates } };
    } catch (error) {
      if (error instanceof FormatError) return { code: "revoked.format", detail: error };
      if (error instanceof Unsupported) return { unsupported: error };
      throw error;
    }
  }

  function revokedReason(result, file, where) {
    if (result.unsupported) {
      return reason("page.unsupported",
        "Không kiểm tra được danh sách thu hồi " + file + ": " + result.unsupported.vi,
        "Cannot check the revocation list " + file + ": " + result.unsupported.en);
    }
    var words = REVOKED_WORDS[result.code];
    var vi = "Danh sách thu hồi " + file + " (" + where[0] + ") " + words[0];
    var en = "The revocation list " + file + " (" + where[1] + ") " + words[1];
    if (result.detail) {
      vi += ": " + result.detail.vi;
      en += ": " + result.detail.en;
    }
    if (result.signer) {
      vi += " (" + result.signer.name + ", kid " + result.signer.kid + ")";
      en += " (" + result.signer.name + ", kid " + result.signer.kid + ")";
    }
    return reason(result.code, vi + ".", en + ".");
  }

  // ------------------------------------------------------------------ certificates

  function checkText(v) {
    if (!isText(v)) throw fmt("một trường văn bản trống hoặc sai kiểu", "a text claim empty or of the wrong type");
  }

  function checkInt(v, low, high) {
    if (!isInt(v) || v < low || v > high) {
      throw fmt("một trường số sai kiểu hoặc ngoài khoảng", "a number claim of the wrong type or out of range");
    }
  }

  // gk claim → [required, check]. Any other claim is refused: the map is the format.
  var GK_CLAIMS = {
    v: [true, function (v) { if (v !== 1) throw fmt("phiên bản định dạng không phải 1", "format version is not 1"); }],
    t: [true, function (v) { if (TIERS.indexOf(v) < 0) throw fmt("loại chứng nhận không hợp lệ", "not a tier"); }],
    o: [true, checkText],
    tc: [false, checkText],
    pr: [false, checkText],
    s: [true, checkText],
    c: [true, checkText],
    cv: [true, checkText],
    l: [true, function (v) { checkInt(v, 0, TWO_53); }],
    ln: [true, function (v) {
      if (!Array.isArray(v) || v.length !== 2) throw fmt("ln phải có 2 tên", "ln is not two names");
      checkText(v[0]);
      checkText(v[1]);
    }],
    p: [true, function (v) { checkInt(v, 0, 100); }],
    pt: [false, function (v) {
      if (!Array.isArray(v) || v.length !== 2) throw fmt("pt phải có 2 số", "pt is not two numbers");
      checkInt(v[0], 0, TWO_53);
      checkInt(v[1], 0, TWO_53);
      if (v[0] > v[1]) throw fmt("pt: điểm lớn hơn tối đa", "pt: more points than the maximum");
    }],
    // [section id, percent] per section, in the checklist's order; each section once
    ss: [true, function (v) {
      if (!Array.isArray(v)) throw fmt("ss không phải danh sách", "ss is not an array");
      var seen = [];
      v.forEach(function (pair) {
        if (!Array.isArray(pair) || pair.length !== 2) {
          throw fmt("ss phải gồm các cặp [phần, %]", "ss holds something other than [section, percent]");
        }
        checkText(pair[0]);
        checkInt(pair[1], 0, 100);
        if (seen.indexOf(pair[0]) >= 0) throw fmt("ss có một phần hai lần", "ss names a section twice");
        seen.push(pair[0]);
      });
    }],
    h: [true, function (v) {
      if (!(v instanceof Uint8Array) || v.length !== 32) throw fmt("h phải dài 32 byte", "h is not 32 bytes");
    }],
    d: [true, parseDate],
    a: [true, checkText],
    sv: [false, function (v) {
      if (!Array.isArray(v)) throw fmt("sv không phải danh sách", "sv is not a list");
      v.forEach(parseDate);
    }]
  };

  /** A NumericDate at 00:00 UTC (as certificates write iat and exp) as a day number. */
  function numericDay(v) {
    if (!isInt(v) || v < 0 || v % 86400 !== 0 || v / 86400 > LAST_DAY) {
      throw fmt("ngày (NumericDate) không phải 00:00 UTC của một ngày", "a NumericDate that is not 00:00 UTC of a day");
    }
    return v / 86400;
  }

  /** Everything a GK2 text says, read under every strict rule; throws FormatError. */
  async function decodeCertificate(text) {
    text = text.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
    if (text.slice(0, 4) !== "GK2:") {
      throw fmt("không bắt đầu bằng GK2:", "does not start with GK2:");
    }
    var cose = await inflate(base45Decode(text.slice(4)));
    var outer = cborDecode(cose, true);
    if (!(outer instanceof Tagged)) {
      throw fmt("không phải COSE_Sign1 có thẻ 18", "not a COSE_Sign1_Tagged (tag 18)");
    }
    var parts = outer.value;
    if (!Array.isArray(parts) || parts.length !== 4) {
      throw fmt("COSE_Sign1 không phải mảng 4 phần tử", "COSE_Sign1 is not an array of 4");
    }
    var prot = parts[0], unprot = parts[1], payload = parts[2], signature = parts[3];
    if (!(prot instanceof Uint8Array && payload instanceof Uint8Array && signature instanceof Uint8Array)) {
      throw fmt("các phần COSE_Sign1 sai kiểu", "COSE_Sign1 parts of the wrong type");
    }
    if (!(unprot instanceof Map) || unprot.size !== 0) {
      throw fmt("phần đầu không bảo vệ phải trống", "the unprotected header is not empty");
    }
    var header = cborDecode(prot, false);
    if (!(header instanceof Map) || header.size !== 2 || !header.has(1) || !header.has(4)) {
      throw fmt("phần đầu được bảo vệ không phải {1: alg, 4: kid}", "the protected header is not {1: alg, 4: kid}");
    }
    var alg = { "-7": "ES256", "-8": "EdDSA" }[String(header.get(1))];
    if (!alg || !isInt(header.get(1))) {
      throw fmt("thuật toán không phải ES256 (-7) hay EdDSA (-8)", "alg is neither ES256 (-7) nor EdDSA (-8)");
    }
    var kid = header.get(4);
    if (!(kid instanceof Uint8Array) || kid.length !== 8) throw fmt("kid phải dài 8 byte", "kid is not 8 bytes");
    var cwt = cborDecode(payload, false);
    if (!(cwt instanceof Map) || cwt.size !== 5 ||
        ![1, 4, 6, 7, "gk"].every(function (k) { return cwt.has(k); })) {
      throw fmt("các trường CWT không đúng là iss, exp, iat, cti và gk",
        "the claims are not exactly iss, exp, iat, cti and gk");
    }
    checkText(cwt.get(1));
    var exp = numericDay(cwt.get(4)), iat = numericDay(cwt.get(6));
    if (exp < iat) throw fmt("ngày hết hạn trước ngày cấp", "exp before iat");
    var cti = cwt.get(7);
    if (!(cti instanceof Uint8Array)) throw fmt("số chứng nhận (cti) không phải chuỗi byte", "cti is not a byte string");
    var serial;
    try {
      serial = utf8Strict.decode(cti);
    } catch (e) {
      throw fmt("số chứng nhận không phải UTF-8", "cti is not UTF-8");
    }
    var gk = cwt.get("gk");
    if (!(gk instanceof Map)) throw fmt("gk không phải bảng", "gk is not a map");
    gk.forEach(function (value, key) {
      if (typeof key !== "string" || !Object.prototype.hasOwnProperty.call(GK_CLAIMS, key)) {
        throw fmt("trường lạ " + JSON.stringify(key), "unknown claim " + JSON.stringify(key));
      }
    });
    Object.keys(GK_CLAIMS).forEach(function (key) {
      if (gk.has(key)) {
        GK_CLAIMS[key][1](gk.get(key));
      } else if (GK_CLAIMS[key][0]) {
        throw fmt("thiếu trường " + key, "claim " + key + " missing");
      }
    });
    if (serial.indexOf(SERIAL_PREFIX[gk.get("t")]) !== 0) {
      throw fmt("số chứng nhận không khớp loại chứng nhận", "the serial does not show the certificate's tier");
    }
    return {
      alg: alg, kid: b64url(kid), iss: cwt.get(1), iat: iat, exp: exp, serial: serial, gk: gk,
      tbs: cborEncode(["Signature1", prot, new Uint8Array(0), payload]), signature: signature
    };
  }

  // ------------------------------------------------------------------ sources

  function fetchJson(name) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller && setTimeout(function () { controller.abort(); }, FETCH_TIMEOUT_MS);
    return fetch(name, { cache: "no-store", credentials: "omit", redirect: "error",
      signal: controller && controller.signal })
      .then(function (response) {
        if (!response.ok) return { missing: ["HTTP " + response.status, "HTTP " + response.status] };
        return response.text().then(function (text) {
          try {
            return { doc: JSON.parse(text) };
          } catch (e) {
            return { doc: undefined, notJson: true };
          }
        });
      })
      .catch(function () { return { missing: ["không kết nối được", "no connection"] }; })
      .finally(function () { if (timer) clearTimeout(timer); });
  }

  var WHERE_EMBEDDED = ["bản trong trang", "the copy in this page"];
  var WHERE_SERVER = ["bản trên máy chủ", "the copy beside the page"];

  /**
   * The trust list and revocation lists to check with, read once when the page opens. Online,
   * the copies beside the page (trust-list.json, the revocation files) are fetched: a newer trust
   * list that the pinned root signed replaces the embedded one, and a revocation list beside the
   * page is the current one (unless it is older than the embedded copy).
   */
  async function loadSources() {
    var out = { notes: [], reasons: [], trust: null, trustWhere: null, revoked: [] };
    if (!window.crypto || !crypto.subtle) {
      out.reasons.push(noWebCrypto());
      return out;
    }
    var root = { name: DATA.root.name, kid: DATA.root.kid };
    try {
      root.key = readJwk(DATA.root.jwk);
      if (await kidOf(root.key.spki) !== root.kid) throw fmt("kid", "kid");
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      out.reasons.push(reason("trust.root", "Khóa gốc nhúng trong trang không hợp lệ.",
        "The root key embedded in the page is not valid."));
      return out;
    }
    out.root = root;
    var fetches = [fetchJson(DATA.trust_file)].concat(DATA.revoked.map(function (r) {
      return fetchJson(r.file);
    }));
    var fetched = await Promise.all(fetches);
    var embedded = await checkTrust(DATA.trust, root);
    var candidates = [{ result: embedded, where: WHERE_EMBEDDED, doc: DATA.trust }];
    var served = fetched[0];
    if (served.missing === undefined) {
      candidates.push({ result: served.notJson ? { code: "trust.format",
        detail: fmt("không phải JSON", "not JSON") } : await checkTrust(served.doc, root),
        where: WHERE_SERVER, doc: served.doc });
    } else {
      out.notes.push(["Không tải được " + DATA.trust_file + " (" + served.missing[0] + "): dùng bản trong trang.",
        "Could not fetch " + DATA.trust_file + " (" + served.missing[1] + "): using the copy in this page."]);
    }
    var good = candidates.filter(function (c) { return c.result.trust; });
    good.sort(function (a, b) { return b.result.trust.version - a.result.trust.version; });
    if (good.length) {
      out.trust = good[0].result.trust;
      out.trustWhere = good[0].where;
      candidates.forEach(function (c) {
        if (!c.result.trust) {
          var r = trustReason(c.result, c.where);
          out.notes.push(["Bỏ qua " + c.where[0] + " của danh sách tin cậy: " + r.vi,
            "Ignored " + c.where[1] + " of the trust list: " + r.en]);
        }
      });
    } else {
      candidates.forEach(function (c) { out.reasons.push(trustReason(c.result, c.where)); });
      return out;
    }
    for (var i = 0; i < DATA.revoked.length; i++) {
      out.revoked.push(await pickRevoked(DATA.revoked[i], fetched[i + 1], out));
    }
    return out;
  }

  async function pickRevoked(embedded, served, out) {
    var file = embedded.file;
    var mine = await checkRevoked(embedded.list, out.trust);
    if (served.missing !== undefined) {
      if (mine.code || mine.unsupported) out.reasons.push(revokedReason(mine, file, WHERE_EMBEDDED));
      return { file: file, where: WHERE_EMBEDDED, list: mine.list || null, offline: served.missing };
    }
    var theirs = served.notJson ? { code: "revoked.format", detail: fmt("không phải JSON", "not JSON") }
      : await checkRevoked(served.doc, out.trust);
    if (theirs.code || theirs.unsupported) {
      // The current list was tampered with or broken: say so, and still apply the embedded copy.
      out.reasons.push(revokedReason(theirs, file, WHERE_SERVER));
      return { file: file, where: WHERE_EMBEDDED, list: mine.list || null, offline: null };
    }
    if (!mine.list) {
      out.notes.push(["Bản " + file + " trong trang không dùng được; dùng bản trên máy chủ.",
        "The copy of " + file + " in this page is unusable; using the one beside the page."]);
    } else if (mine.list.generated > theirs.list.generated) {
      out.notes.push(["Bản " + file + " trên máy chủ cũ hơn bản trong trang: dùng bản trong trang.",
        "The copy of " + file + " beside the page is older than the one in this page: using the latter."]);
      return { file: file, where: WHERE_EMBEDDED, list: mine.list, offline: null };
    }
    return { file: file, where: WHERE_SERVER, list: theirs.list, offline: null };
  }

  function noWebCrypto() {
    return reason("page.unsupported",
      "Trình duyệt chỉ kiểm tra chữ ký trên trang mở qua https: hãy mở trang qua https.",
      "The browser checks signatures only on a page opened over https: open this page over https.");
  }

  var sources = null;

  function getSources() {
    if (!sources) sources = loadSources();
    return sources;
  }

  // ------------------------------------------------------------------ the verdict

  function dateWords(days) {
    return isoDay(days);
  }

  /** The first reading that decodes, or the refusal of the first one. */
  async function decodeFirst(texts) {
    var first = null;
    for (var i = 0; i < texts.length; i++) {
      try {
        return { cert: await decodeCertificate(texts[i]) };
      } catch (error) {
        if (!(error instanceof FormatError) && !(error instanceof Unsupported)) throw error;
        first = first || error;
      }
    }
    return { error: first };
  }

  /** Check the readings of a certificate: every failed check listed, as `gembakit verify` does. */
  async function verify(texts) {
    var src = await getSources();
    var reasons = src.reasons.slice();
    var day = today();
    var decoded = await decodeFirst(texts);
    var cert = decoded.cert || null;
    if (decoded.error instanceof FormatError) {
      reasons.push(reason("cert.format", "Không phải chứng nhận GK2 hợp lệ: " + decoded.error.vi + ".",
        "Not a well-formed GK2 certificate: " + decoded.error.en + "."));
    } else if (decoded.error) {
      reasons.push(reason("page.unsupported", decoded.error.vi, decoded.error.en));
    }
    if (cert) {
      if (day < cert.iat) {
        reasons.push(reason("cert.not_yet_valid",
          "Chưa có hiệu lực: cấp ngày " + dateWords(cert.iat) + ", hôm nay là " + dateWords(day) + ".",
          "Not yet in force: issued " + dateWords(cert.iat) + ", today is " + dateWords(day) + "."));
      }
      if (day > cert.exp) {
        reasons.push(reason("cert.expired", "Đã hết hạn ngày " + dateWords(cert.exp) + ".",
          "Expired on " + dateWords(cert.exp) + "."));
      }
    }
    var issuer = null;
    if (cert && src.trust) {
      issuer = src.trust.issuers.get(cert.kid) || null;
      if (!issuer) {
        reasons.push(reason("cert.unknown_key",
          "Được ký bằng một khóa không có trong danh sách tin cậy (kid " + cert.kid + ").",
          "Signed with a key the trust list does not know (kid " + cert.kid + ")."));
      } else {
        await checkWithIssuer(cert, issuer, reasons);
      }
      checkRevocation(cert, issuer, src, reasons);
    }
    return finish(reasons, cert, issuer, src);
  }

  async function checkWithIssuer(cert, issuer, reasons) {
    var signed;
    try {
      signed = cert.alg === issuer.alg && await verifySignature(issuer, cert.signature, cert.tbs);
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      reasons.push(reason("page.unsupported", error.vi, error.en));
      signed = true;  // unknown, not false: the reason above already keeps it from VALID
    }
    if (!signed) {
      reasons.push(reason("cert.signature", "Chữ ký không khớp: chứng nhận đã bị sửa đổi.",
        "The signature does not match: the certificate was altered."));
    }
    if (cert.iss !== issuer.name) {
      reasons.push(reason("cert.issuer_name",
        "Ghi đơn vị cấp “" + cert.iss + "”, nhưng danh sách tin cậy ghi khóa này của “" + issuer.name + "”.",
        "Names its issuer “" + cert.iss + "”, but the trust list gives this key to “" + issuer.name + "”."));
    }
    var tier = cert.gk.get("t");
    if (issuer.tiers.indexOf(tier) < 0) {
      var may = issuer.tiers.map(function (t) { return TIER_WORDS[t]; });
      reasons.push(reason("cert.tier",
        issuer.name + " chỉ được cấp: " + may.map(function (w) { return w[0]; }).join(", ") +
          "; không được cấp: " + TIER_WORDS[tier][0] + ".",
        issuer.name + " may sign only: " + may.map(function (w) { return w[1]; }).join(", ") +
          "; not: " + TIER_WORDS[tier][1] + "."));
    }
    if ((issuer.validFrom !== null && cert.iat < issuer.validFrom) ||
        (issuer.validUntil !== null && cert.iat > issuer.validUntil)) {
      var span = (issuer.validFrom !== null ? dateWords(issuer.validFrom) : "…") + " – " +
        (issuer.validUntil !== null ? dateWords(issuer.validUntil) : "…");
      reasons.push(reason("cert.key_validity",
        "Cấp ngày " + dateWords(cert.iat) + ", khi khóa của " + issuer.name + " không có hiệu lực (" + span + ").",
        "Issued on " + dateWords(cert.iat) + ", when the key of " + issuer.name + " was not valid (" + span + ")."));
    }
  }

  /**
   * Revocation: an entry counts when its list's signer may sign state recognitions, or is the
   * certificate's issuer (the same name in the trust list: an issuer that renewed its key can
   * still withdraw what it signed before). A consultant cannot withdraw a competitor's certificate.
   */
  function checkRevocation(cert, issuer, src, reasons) {
    src.revoked.forEach(function (used) {
      var list = used.list;
      if (!list) return;
      var may = list.signer.tiers.indexOf("state") >= 0 || (issuer && list.signer.name === issuer.name);
      if (!may) return;
      list.entries.forEach(function (entry) {
        if (entry.id !== cert.serial) return;
        var status = STATUS_WORDS[entry.status];
        var why = entry.reason ? " (" + entry.reason + ")" : "";
        reasons.push(reason("cert.revoked",
          "Chứng nhận " + status[0] + " từ ngày " + entry.since + why + " — theo danh sách thu hồi của " +
            list.signer.name + " ngày " + dateWords(list.generated) + ".",
          "The certificate was " + status[1] + " on " + entry.since + why + " — on the revocation list of " +
            list.signer.name + " of " + dateWords(list.generated) + "."));
      });
    });
  }

  var checks = 0;

  function finish(reasons, cert, issuer, src) {
    var codes = reasons.map(function (r) { return r.code; })
      .filter(function (c, i, all) { return all.indexOf(c) === i; }).sort();
    var verdict = { valid: reasons.length === 0, codes: codes };
    render(verdict, reasons, cert, issuer, src);
    window.gembakitVerdict = verdict;
    document.body.dataset.verdict = verdict.valid ? "valid" : "invalid";
    document.body.dataset.checks = String(++checks);
    return verdict;
  }

  // ------------------------------------------------------------------ rendering

  function el(tag, className, children) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /** The same thing in Vietnamese, then English (smaller): every text a person reads. */
  function bi(vi, en, tag) {
    return el(tag || "span", "bi", [el("span", "vi", [vi]), el("span", "en", [en])]);
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function render(verdict, reasons, cert, issuer, src) {
    var box = byId("verdict");
    box.hidden = false;
    var onlyUnsupported = reasons.length > 0 && reasons.every(function (r) { return r.code === "page.unsupported"; });
    box.className = "verdict " + (verdict.valid ? "ok" : onlyUnsupported ? "unknown" : "bad");
    var word = clear(byId("verdict-word"));
    word.appendChild(verdict.valid ? bi("HỢP LỆ", "VALID", "strong")
      : onlyUnsupported ? bi("KHÔNG KIỂM TRA ĐƯỢC", "CANNOT BE CHECKED HERE", "strong")
      : bi("KHÔNG HỢP LỆ", "NOT VALID", "strong"));
    renderWho(cert, reasons);
    var summary = clear(byId("verdict-summary"));
    if (verdict.valid) {
      summary.appendChild(bi(
        "Đúng như đã ký, còn hiệu lực đến hết ngày " + isoDay(cert.exp) + ", không bị thu hồi. " +
          "Kiểm tra ngày " + isoDay(today()) + ".",
        "Signed as shown, in force through " + isoDay(cert.exp) + ", not revoked. Checked on " +
          isoDay(today()) + ".", "p"));
    } else {
      summary.appendChild(bi(reasons.length > 1 ? "Lý do (" + reasons.length + "):" : "Lý do:",
        reasons.length > 1 ? "Reasons (" + reasons.length + "):" : "Reason:", "p"));
    }
    var list = clear(byId("reasons"));
    reasons.forEach(function (r) {
      list.appendChild(el("li", null, [bi(r.vi, r.en), el("code", "code", [r.code])]));
    });
    renderFields(cert, issuer, verdict, reasons);
    renderSources(src);
    byId("again-title").hidden = false;
    byId("first-title").hidden = true;
  }

  /** Whose certificate this is, at a glance — only when the signature vouches for it. */
  function renderWho(cert, reasons) {
    var who = clear(byId("verdict-who"));
    who.hidden = !cert || unconfirmed(reasons);
    if (who.hidden) return;
    var gk = cert.gk, ln = gk.get("ln"), tier = TIER_WORDS[gk.get("t")];
    who.appendChild(el("p", "org", [gk.get("o")]));
    who.appendChild(bi(tier[0] + " · " + gk.get("c") + " · mức " + gk.get("l") + " · " + ln[0],
      tier[1] + " · " + gk.get("c") + " · level " + gk.get("l") + " · " + ln[1], "p"));
  }

  /** Whether the fields shown are not vouched for by a trusted signature. */
  function unconfirmed(reasons) {
    return reasons.some(function (r) {
      return ["cert.signature", "cert.unknown_key", "page.unsupported", "page.error"].indexOf(r.code) >= 0 ||
        r.code.indexOf("trust.") === 0;
    });
  }

  function row(table, vi, en, value) {
    if (value === null || value === undefined) return;
    var cell = el("td");
    cell.appendChild(typeof value === "string" ? document.createTextNode(value) : value);
    table.appendChild(el("tr", null, [el("th", null, [bi(vi, en)]), cell]));
  }

  function renderFields(cert, issuer, verdict, reasons) {
    var section = byId("fields");
    section.hidden = !cert;
    if (!cert) return;
    var forged = unconfirmed(reasons);
    section.className = forged ? "fields unconfirmed" : "fields";
    var title = clear(byId("fields-title"));
    title.appendChild(forged
      ? bi("Nội dung ghi trên mã — KHÔNG được xác nhận", "What the code says — NOT confirmed")
      : verdict.valid ? bi("Nội dung chứng nhận (đã ký)", "Certificate content (signed)")
        : bi("Nội dung chứng nhận (đã ký, nhưng chứng nhận không hợp lệ)",
          "Certificate content (signed, but the certificate is not valid)"));
    var gk = cert.gk;
    var table = clear(byId("field-table"));
    var tier = TIER_WORDS[gk.get("t")];
    var ln = gk.get("ln");
    row(table, "Số chứng nhận", "Serial", cert.serial);
    row(table, "Tổ chức", "Organisation", gk.get("o"));
    row(table, "Mã số thuế", "Tax code", gk.get("tc"));
    row(table, "Tỉnh, thành phố", "Province", gk.get("pr"));
    row(table, "Địa điểm", "Site", gk.get("s"));
    row(table, "Loại chứng nhận", "Tier", bi(tier[0], tier[1]));
    row(table, "Bộ tiêu chí", "Checklist", gk.get("c") + " " + gk.get("cv"));
    row(table, "Mức đạt", "Level", bi(gk.get("l") + " · " + ln[0], gk.get("l") + " · " + ln[1]));
    var score = gk.get("p") + " %";
    if (gk.has("pt")) score += " (" + gk.get("pt")[0] + " / " + gk.get("pt")[1] + ")";
    row(table, "Điểm tổng", "Overall score", score);
    row(table, "Điểm từng phần", "Section scores", sectionTable(gk.get("ss")));
    row(table, "Ngày đánh giá", "Assessment date", gk.get("d"));
    row(table, "Người đánh giá", "Assessor", gk.get("a"));
    row(table, "Ngày cấp", "Issued", isoDay(cert.iat));
    row(table, "Hiệu lực đến hết ngày", "Valid through", isoDay(cert.exp));
    if (gk.has("sv")) row(table, "Giám sát định kỳ", "Surveillance", gk.get("sv").join(", ") || "—");
    row(table, "Đơn vị cấp", "Issuer", cert.iss);
    row(table, "Mã băm hồ sơ (SHA-256)", "Assessment file (SHA-256)", el("code", "hash", [hex(gk.get("h"))]));
    row(table, "Khóa ký (kid)", "Signing key (kid)", el("code", null, [cert.kid + " · " + cert.alg]));
  }

  function sectionTable(ss) {
    var table = el("table", "sections");
    ss.forEach(function (pair) {
      table.appendChild(el("tr", null, [el("td", null, [pair[0]]), el("td", "num", [pair[1] + " %"])]));
    });
    return table;
  }

  function daysAgo(days) {
    var n = today() - days;
    return n === 0 ? ["hôm nay", "today"] : n > 0 ? [n + " ngày trước", n + " days ago"]
      : ["sau hôm nay " + (-n) + " ngày", (-n) + " days from now"];
  }

  function renderSources(src) {
    var list = clear(byId("source-list"));
    byId("sources").hidden = false;
    if (!src) return;
    if (src.trust) {
      var t = src.trust;
      list.appendChild(el("li", null, [bi(
        "Danh sách tin cậy “" + t.programme + "”, phiên bản " + t.version + " ngày " + t.issued +
          ", ký bởi khóa gốc " + src.root.name + " — " + src.trustWhere[0] + ".",
        "Trust list “" + t.programme + "”, version " + t.version + " of " + t.issued +
          ", signed by the root key " + src.root.name + " — " + src.trustWhere[1] + ".")]));
    }
    var built = parseDate(DATA.built);
    src.revoked.forEach(function (used) {
      var l = used.list;
      var what = l ? [", lập ngày " + isoDay(l.generated) + " bởi " + l.signer.name,
        " of " + isoDay(l.generated) + " by " + l.signer.name] : [" (không dùng được)", " (unusable)"];
      var vi = "Danh sách thu hồi " + used.file + what[0] + " — ";
      var en = "Revocation list " + used.file + what[1] + " — ";
      var age = daysAgo(built);
      if (used.where === WHERE_SERVER) {
        vi += "bản mới nhất trên máy chủ.";
        en += "the current copy beside the page.";
      } else {
        vi += "bản sao trong trang, chép khi tạo trang ngày " + DATA.built + " (" + age[0] + ")" +
          (used.offline ? ": không tải được bản mới hơn." : ".");
        en += "the copy embedded in this page when it was built on " + DATA.built + " (" + age[1] + ")" +
          (used.offline ? ": no newer copy could be fetched." : ".");
      }
      var item = el("li", used.where === WHERE_EMBEDDED && today() - built > 30 ? "stale" : null, [bi(vi, en)]);
      list.appendChild(item);
    });
    if (!src.revoked.length) {
      list.appendChild(el("li", null, [bi("Trang không kèm danh sách thu hồi nào.",
        "The page carries no revocation list.")]));
    }
    src.notes.forEach(function (note) { list.appendChild(el("li", "note", [bi(note[0], note[1])])); });
  }

  // ------------------------------------------------------------------ input: link, text, camera

  /**
   * The certificate in what was scanned, pasted or opened: a bare text is taken as it is; a link
   * is reduced to the part after "#". Base45 uses "%" and " ", which a link may carry encoded
   * (%25, %20, and %3A for ":") or as they are (a browser then shows a space as %20), so a
   * fragment gives up to three readings: percent-decoded, as it is, and with only %20 undone.
   * Each is decoded strictly and the first that decodes is checked; a wrong reading never passes
   * zlib's check value and the strict CBOR rules, and every reading must carry a valid signature.
   * White space around the text is ignored.
   */
  function readings(raw) {
    var text = String(raw).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
    var hash = text.indexOf("#");
    if (hash < 0) return [text];
    var fragment = text.slice(hash + 1);
    var decoded = fragment.replace(/%([0-9A-Fa-f]{2})/g, function (_, h) {
      return String.fromCharCode(parseInt(h, 16));
    });
    var out = [decoded, fragment, fragment.replace(/%20/g, " ")];
    return out.filter(function (t, i) { return out.indexOf(t) === i; });
  }

  var running = Promise.resolve();

  /** One check at a time, in the order asked (a scan while a link is still being checked). */
  function check(raw) {
    var texts = readings(raw);
    document.body.dataset.verdict = "checking";
    running = running.catch(function () {}).then(function () {
      return verify(texts).catch(function (error) {
        return finish([reason("page.error", "Lỗi của trang khi kiểm tra: " + error,
          "The page failed while checking: " + error)], null, null, null);
      });
    });
    return running;
  }

  function checkHash() {
    if (location.hash.length > 1) check(location.hash);
  }

  function status(vi, en) {
    clear(byId("scan-status")).appendChild(bi(vi, en));
  }

  var camera = null;

  /** A QR decoder: the browser's BarcodeDetector where it reads QR codes, else jsQR. */
  async function qrReader() {
    if (typeof window.BarcodeDetector === "function") {
      try {
        var formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.indexOf("qr_code") >= 0) {
          var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          return async function (source) {
            var found = await detector.detect(source);
            return found.length ? found[0].rawValue : null;
          };
        }
      } catch (e) { /* fall back to jsQR */ }
    }
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    return async function (source, attempts) {
      var w = source.videoWidth || source.width, h = source.videoHeight || source.height;
      if (!w || !h) return null;
      var scale = Math.min(1, 1280 / Math.max(w, h));
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      context.drawImage(source, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR(image.data, image.width, image.height,
        { inversionAttempts: attempts || "dontInvert" });
      return code ? code.data : null;
    };
  }

  async function startCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      status("Trình duyệt không cho dùng máy ảnh ở đây: hãy chọn ảnh chụp mã QR.",
        "The browser offers no camera here: choose a photo of the QR code instead.");
      return;
    }
    stopCamera();
    var stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false });
    } catch (error) {
      status("Không mở được máy ảnh (" + error.name + "): hãy cho phép dùng máy ảnh, hoặc chọn ảnh chụp mã QR.",
        "Could not open the camera (" + error.name + "): allow the camera, or choose a photo of the QR code.");
      return;
    }
    var video = byId("video");
    video.srcObject = stream;
    byId("camera").hidden = false;
    status("Hướng máy ảnh vào mã QR trên chứng nhận.", "Point the camera at the QR code on the certificate.");
    camera = { stream: stream, timer: null };
    try {
      await video.play();
    } catch (e) { /* some browsers play muted video on their own */ }
    var read = await qrReader();
    var mine = camera;
    async function tick() {
      if (camera !== mine) return;
      var text = null;
      try {
        if (video.readyState >= 2) text = await read(video);
      } catch (e) { text = null; }
      if (camera !== mine) return;
      if (text) {
        stopCamera();
        status("Đã đọc mã QR.", "QR code read.");
        check(text);
      } else {
        mine.timer = setTimeout(tick, 150);
      }
    }
    tick();
  }

  function stopCamera() {
    if (!camera) return;
    clearTimeout(camera.timer);
    camera.stream.getTracks().forEach(function (track) { track.stop(); });
    camera = null;
    byId("video").srcObject = null;
    byId("camera").hidden = true;
  }

  /** A photo of the QR code (the fallback where the camera cannot be opened from the page). */
  async function readPhoto(file) {
    if (!file) return;
    status("Đang đọc ảnh…", "Reading the photo…");
    var image;
    try {
      image = typeof createImageBitmap === "function" ? await createImageBitmap(file) : await loadImage(file);
    } catch (error) {
      status("Không mở được ảnh này.", "This photo cannot be opened.");
      return;
    }
    var read = await qrReader();
    var text = null;
    try {
      text = await read(image, "attemptBoth");
    } catch (error) {
      text = null;  // jsQR throws on some images too small to hold a code
    }
    if (!text) {
      status("Không tìm thấy mã QR trong ảnh: hãy chụp gần và rõ hơn.",
        "No QR code found in the photo: take it closer and sharper.");
      return;
    }
    status("Đã đọc mã QR trong ảnh.", "QR code read from the photo.");
    check(text);
  }

  function loadImage(file) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () { URL.revokeObjectURL(url); resolve(img); };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("image")); };
      img.src = url;
    });
  }

  // ------------------------------------------------------------------ start

  function start() {
    document.body.dataset.verdict = "none";
    document.body.dataset.checks = "0";
    var programme = byId("programme");
    if (DATA.trust && typeof DATA.trust.programme === "string") programme.textContent = DATA.trust.programme;
    byId("scan").addEventListener("click", startCamera);
    byId("stop").addEventListener("click", function () {
      stopCamera();
      status("Đã tắt máy ảnh.", "Camera off.");
    });
    byId("photo").addEventListener("change", function (event) {
      readPhoto(event.target.files && event.target.files[0]);
      event.target.value = "";
    });
    byId("check").addEventListener("click", function () { check(byId("paste").value); });
    window.addEventListener("hashchange", checkHash);
    window.gembakitCheck = check;
    window.gembakitSources = getSources();
    window.gembakitSources.then(renderSources, function () {});
    checkHash();
  }

  start();
})();
