/*
 * A local stand-in for TapPay's TPDirect SDK (card fields only), served when the site
 * runs against the fake TapPay gateway (`make run` without TapPay keys). It mounts
 * plain, labelled inputs where TPDirect would mount its iframes, checks the card like
 * TapPay Fields do (Luhn, expiry, CCV) and hands out primes the fake gateway knows:
 *
 *   4242 4242 4242 4242  -> a fresh random prime that is approved once
 *   4000 0000 0000 0002  -> fake_decline...   (declined by the bank)
 *   4000 0000 0000 0119  -> fake_timeout...   (charged, answer too late)
 *   4000 0000 0000 0500  -> fake_error500...  (HTTP 500, nothing charged)
 *   4000 0000 0000 3220  -> fake_3ds...       (3-D Secure: the fake bank's challenge)
 *
 * TPDirect.linePay.getPrime(cb) and TPDirect.jkoPay.getPrime(cb) hand out
 * fake_linepay... and fake_jkopay... primes (cb(result) and cb(error, result), as the
 * real SDK's wallets do); the fake gateway answers them with its wallet page.
 *
 * Any other Luhn-valid card number is approved like 4242 (the four test cards above
 * skip the Luhn check). No card number leaves the page.
 * Styling comes from CSS classes only (the site runs a strict CSP): `tpfake-input`,
 * `tpfake-input--invalid`, and on the field element `tappay-field-focus`,
 * `has-error`, `has-success` as the real SDK does.
 */
(function () {
  "use strict";

  var STATUS = { OK: 0, EMPTY: 1, ERROR: 2, TYPING: 3 };
  var SPECIAL_PRIMES = {
    "4000000000000002": "fake_decline",
    "4000000000000119": "fake_timeout",
    "4000000000000500": "fake_error500",
    "4000000000003220": "fake_3ds",
  };
  var FIELDS = {
    number: {
      label: "卡片號碼",
      placeholder: "**** **** **** ****",
      autocomplete: "cc-number",
      maxLength: 23,
    },
    expirationDate: {
      label: "有效期限（月 / 年）",
      placeholder: "MM / YY",
      autocomplete: "cc-exp",
      maxLength: 7,
    },
    ccv: {
      label: "安全碼",
      placeholder: "CCV",
      autocomplete: "cc-csc",
      maxLength: 4,
    },
  };

  var sdk = { appId: null, appKey: null, serverType: null };
  var inputs = {};
  var containers = {};
  var listeners = [];

  function digits(value) {
    return String(value || "").replace(/[\s-]/g, "");
  }

  function cardType(number) {
    if (/^4/.test(number)) return "visa";
    if (/^(5[1-5]|2[2-7])/.test(number)) return "mastercard";
    if (/^35/.test(number)) return "jcb";
    if (/^3[47]/.test(number)) return "amex";
    if (/^62/.test(number)) return "unionpay";
    return "unknown";
  }

  function luhnOk(number) {
    var sum = 0;
    for (var i = 0; i < number.length; i += 1) {
      var digit = Number(number.charAt(number.length - 1 - i));
      if (i % 2 === 1) {
        digit *= 2;
        if (digit > 9) digit -= 9;
      }
      sum += digit;
    }
    return sum % 10 === 0;
  }

  function numberStatus(raw) {
    var number = digits(raw);
    if (!number) return STATUS.EMPTY;
    if (!/^\d+$/.test(number)) return STATUS.ERROR;
    var length = cardType(number) === "amex" ? 15 : 16;
    if (number.length < length) return STATUS.TYPING;
    if (number.length > 19) return STATUS.ERROR;
    // The agreed test cards are accepted as they are (4000 0000 0000 0500 fails Luhn).
    if (SPECIAL_PRIMES[number]) return STATUS.OK;
    return luhnOk(number) ? STATUS.OK : STATUS.ERROR;
  }

  function expiryParts(raw) {
    var match = /^(\d{1,2})\s*\/?\s*(\d{0,4})$/.exec(String(raw || "").trim());
    if (!match) return null;
    return { month: match[1], year: match[2] };
  }

  function expiryStatus(raw, now) {
    var text = String(raw || "").trim();
    if (!text) return STATUS.EMPTY;
    var parts = expiryParts(text);
    if (!parts) return STATUS.ERROR;
    var month = Number(parts.month);
    if (parts.month.length === 2 && (month < 1 || month > 12)) return STATUS.ERROR;
    if (parts.month.length < 2 || parts.year.length < 2) return STATUS.TYPING;
    if (parts.year.length !== 2 && parts.year.length !== 4) return STATUS.TYPING;
    var year = Number(parts.year.length === 2 ? "20" + parts.year : parts.year);
    var today = now || new Date();
    var thisMonth = today.getFullYear() * 12 + today.getMonth() + 1;
    var cardMonth = year * 12 + month;
    if (cardMonth < thisMonth || cardMonth > thisMonth + 12 * 20) return STATUS.ERROR;
    return STATUS.OK;
  }

  function ccvStatus(raw, type) {
    var ccv = String(raw || "").trim();
    if (!ccv) return STATUS.EMPTY;
    if (!/^\d+$/.test(ccv)) return STATUS.ERROR;
    var length = type === "amex" ? 4 : 3;
    if (ccv.length < length) return STATUS.TYPING;
    return ccv.length === length ? STATUS.OK : STATUS.ERROR;
  }

  function value(name) {
    return inputs[name] ? inputs[name].value : "";
  }

  function fieldsStatus() {
    var number = digits(value("number"));
    var type = number ? cardType(number) : "unknown";
    var status = {
      number: numberStatus(number),
      expiry: expiryStatus(value("expirationDate")),
      ccv: ccvStatus(value("ccv"), type),
    };
    var all = [status.number, status.expiry, status.ccv];
    return {
      cardType: type,
      canGetPrime: all.every(function (s) { return s === STATUS.OK; }),
      hasError: all.some(function (s) { return s === STATUS.ERROR; }),
      status: status,
    };
  }

  function formatNumber(raw) {
    var number = digits(raw).replace(/\D/g, "").slice(0, 19);
    return number.replace(/(\d{4})(?=\d)/g, "$1 ");
  }

  function formatExpiry(raw, deleting) {
    var only = String(raw || "").replace(/\D/g, "").slice(0, 4);
    if (only.length === 1 && Number(only) > 1) only = "0" + only;
    if (only.length >= 2 && !(deleting && only.length === 2)) {
      return only.slice(0, 2) + " / " + only.slice(2);
    }
    return only;
  }

  function resolve(element) {
    if (!element) return null;
    if (typeof element === "string") return document.querySelector(element);
    return element.nodeType === 1 ? element : null;
  }

  function reflect(name, fieldStatus) {
    var input = inputs[name];
    var container = containers[name];
    var invalid = fieldStatus === STATUS.ERROR;
    input.setAttribute("aria-invalid", invalid ? "true" : "false");
    input.classList.toggle("tpfake-input--invalid", invalid);
    container.classList.toggle("has-error", invalid);
    container.classList.toggle("has-success", fieldStatus === STATUS.OK);
  }

  function notify() {
    var update = fieldsStatus();
    reflect("number", update.status.number);
    reflect("expirationDate", update.status.expiry);
    reflect("ccv", update.status.ccv);
    listeners.forEach(function (listener) {
      try {
        listener(update);
      } catch (error) {
        window.setTimeout(function () { throw error; });
      }
    });
  }

  // The field's name is the page's visible label: a <label for> the container, or the
  // element the container names in data-labelledby (a plain div may not carry
  // aria-labelledby itself).
  function labelFor(container, fallback) {
    var named = container.getAttribute("data-labelledby");
    if (named && document.getElementById(named)) return named;
    if (!container.id) return fallback;
    var labels = document.querySelectorAll("label[for]");
    for (var i = 0; i < labels.length; i += 1) {
      if (labels[i].htmlFor === container.id) {
        if (!labels[i].id) labels[i].id = container.id + "-tpfake-label";
        return labels[i].id;
      }
    }
    return fallback;
  }

  function mount(name, config) {
    var field = FIELDS[name];
    var container = resolve(config && config.element);
    if (!container) {
      throw new Error("TPDirect.card.setup: fields." + name + ".element not found");
    }
    var input = document.createElement("input");
    input.type = "text";
    input.className = "tpfake-input tpfake-input--" + name;
    input.setAttribute("inputmode", "numeric");
    input.setAttribute("autocomplete", field.autocomplete);
    input.setAttribute("maxlength", String(field.maxLength));
    input.setAttribute("spellcheck", "false");
    input.placeholder = (config && config.placeholder) || field.placeholder;
    var labelledBy = labelFor(container, null);
    if (labelledBy) {
      input.setAttribute("aria-labelledby", labelledBy);
    } else {
      input.setAttribute("aria-label", field.label);
    }
    input.name = "tpfake-" + name;
    input.addEventListener("input", function (event) {
      var deleting = event.inputType && event.inputType.indexOf("delete") === 0;
      if (name === "number") input.value = formatNumber(input.value);
      if (name === "expirationDate") input.value = formatExpiry(input.value, deleting);
      if (name === "ccv") input.value = input.value.replace(/\D/g, "").slice(0, 4);
      notify();
    });
    input.addEventListener("focus", function () {
      container.classList.add("tappay-field-focus");
    });
    input.addEventListener("blur", function () {
      container.classList.remove("tappay-field-focus");
    });
    container.textContent = "";
    container.appendChild(input);
    inputs[name] = input;
    containers[name] = container;
  }

  function randomHex(length) {
    var bytes = new Uint8Array(Math.ceil(length / 2));
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); })
      .join("")
      .slice(0, length);
  }

  function primeFor(number) {
    var prefix = SPECIAL_PRIMES[number] || "tpfake";
    return prefix + "_" + randomHex(48);
  }

  var TYPE_CODES = { visa: 1, mastercard: 2, jcb: 3, unionpay: 4, amex: 5 };

  function setupError() {
    if (!sdk.appId || !sdk.appKey) {
      return { status: -1, msg: "TPDirect.setupSDK() has not been called" };
    }
    return null;
  }

  // LINE Pay answers cb(result); JKO Pay answers cb(error, result), as the real SDK.
  function walletPrime(prefix, callback, errorFirst) {
    var error = setupError();
    var result = error || { status: 0, msg: "Success", prime: prefix + "_" + randomHex(48) };
    window.setTimeout(function () {
      if (errorFirst) callback(error, error ? undefined : result);
      else callback(result);
    }, 50);
  }

  function getPrime(callback) {
    var answer;
    var update = fieldsStatus();
    if (!sdk.appId || !sdk.appKey) {
      answer = { status: -1, msg: "TPDirect.setupSDK() has not been called" };
    } else if (!inputs.number) {
      answer = { status: -2, msg: "TPDirect.card.setup() has not been called" };
    } else if (!update.canGetPrime) {
      answer = { status: 88, msg: "Card information is incomplete or invalid" };
    } else {
      var number = digits(value("number"));
      answer = {
        status: 0,
        msg: "Success",
        card: {
          prime: primeFor(number),
          bincode: number.slice(0, 6),
          lastfour: number.slice(-4),
          issuer: "FAKE BANK",
          funding: 0,
          type: TYPE_CODES[update.cardType] || -1,
          level: "",
          country: "TAIWAN",
          countrycode: "TW",
        },
        clientip: "127.0.0.1",
      };
    }
    // The real SDK answers after a network round trip, never synchronously.
    window.setTimeout(function () { callback(answer); }, 50);
  }

  window.TPDirect = {
    fake: true,
    version: "fake-1",
    setupSDK: function (appId, appKey, serverType) {
      sdk.appId = appId;
      sdk.appKey = appKey;
      sdk.serverType = serverType || "sandbox";
    },
    linePay: {
      getPrime: function (callback) { walletPrime("fake_linepay", callback, false); },
    },
    jkoPay: {
      getPrime: function (callback) { walletPrime("fake_jkopay", callback, true); },
    },
    redirect: function (url) {
      window.location.href = url;
    },
    card: {
      setup: function (options) {
        var fields = (options && options.fields) || {};
        mount("number", fields.number);
        mount("expirationDate", fields.expirationDate);
        mount("ccv", fields.ccv);
        notify();
      },
      onUpdate: function (listener) {
        if (typeof listener === "function") listeners.push(listener);
      },
      getTappayFieldsStatus: fieldsStatus,
      getPrime: getPrime,
    },
    _check: {
      luhnOk: luhnOk,
      numberStatus: numberStatus,
      expiryStatus: expiryStatus,
      ccvStatus: ccvStatus,
    },
  };
})();
