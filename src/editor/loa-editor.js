// loa's additions to Decap CMS, loaded before decap-cms.js.
// - Starts Decap by hand so the interface language can be chosen:
//   /admin/ is in Vietnamese, /admin/?lang=en in English (remembered).
// - Under `loa serve --editor`, gives every call to loa's local API the
//   secret of this run (read from <meta name="loa-token">), which the
//   server requires so that no other web page can use the API.
// - Registers "loa-amount", the input for a support amount: whole đồng,
//   a range {min, max}, or a percentage {percent, of}; the build reads
//   exactly these three shapes.
window.CMS_MANUAL_INIT = true;

(function () {
  'use strict';

  // Decap posts to the absolute URL in config.yml (http://127.0.0.1:PORT/api/v1).
  // A call to that API on this server, under any loopback name, goes to
  // this page's own origin with the secret; nothing else is touched, so the
  // secret never leaves the origin that was given it.
  var API_PATH = '/api/v1';
  var LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

  function localApi(url) {
    return url.protocol === window.location.protocol &&
      url.port === window.location.port &&
      url.pathname === API_PATH &&
      (url.host === window.location.host || LOOPBACK.indexOf(url.hostname) >= 0);
  }

  function withToken(token) {
    var original = window.fetch;
    if (typeof original !== 'function') return;
    window.fetch = function (input, init) {
      var isRequest = typeof Request !== 'undefined' && input instanceof Request;
      var url;
      try {
        url = new URL(isRequest ? input.url : String(input), window.location.href);
      } catch (e) {
        return original.apply(this, arguments);
      }
      if (!localApi(url)) return original.apply(this, arguments);
      if (isRequest) {
        // A Request cannot be moved to another URL cleanly: only one
        // already aimed at this origin gets the secret.
        if (url.origin !== window.location.origin) return original.apply(this, arguments);
        var copy = new Request(input, init);
        copy.headers.set('X-Loa-Token', token);
        return original.call(this, copy);
      }
      var own = window.location.origin + url.pathname + url.search;
      var options = Object.assign({}, init);
      var headers = new Headers(options.headers || {});
      headers.set('X-Loa-Token', token);
      options.headers = headers;
      return original.call(this, own, options);
    };
  }

  var tokenMeta = document.querySelector('meta[name="loa-token"]');
  if (tokenMeta && tokenMeta.content) withToken(tokenMeta.content);

  function chosenLocale() {
    var asked = new URLSearchParams(window.location.search).get('lang');
    try {
      if (asked === 'vi' || asked === 'en') {
        window.localStorage.setItem('loa-editor-lang', asked);
        return asked;
      }
      return window.localStorage.getItem('loa-editor-lang') || 'vi';
    } catch (e) {
      return asked === 'en' ? 'en' : 'vi';
    }
  }

  function plain(v) {
    return v && typeof v.toJS === 'function' ? v.toJS() : v;
  }

  function modeOf(v) {
    if (typeof v === 'number') return 'fixed';
    if (v && typeof v === 'object') {
      if ('percent' in v || 'of' in v) return 'percent';
      if ('min' in v || 'max' in v) return 'range';
    }
    return 'none';
  }

  // "4.500.000", "4 500 000" and "4500000" are the same whole number.
  function whole(text) {
    var t = String(text).replace(/[.\s,]/g, '');
    if (!/^\d+$/.test(t)) return undefined;
    return Number(t);
  }

  function percent(text) {
    var t = String(text).trim().replace(',', '.');
    if (!/^\d+(\.\d+)?$/.test(t)) return undefined;
    return Number(t);
  }

  function show(n) {
    return typeof n === 'number' ? n.toLocaleString('vi-VN') : '';
  }

  var TEXT = {
    vi: {
      none: 'Không ghi số tiền',
      fixed: 'Số tiền cố định',
      range: 'Khoảng (từ… đến…)',
      percent: 'Tỷ lệ phần trăm',
      amount: 'Số tiền (đồng)',
      min: 'Từ (đồng)',
      max: 'Đến (đồng)',
      pct: 'Phần trăm',
      of: 'của (ví dụ: chi phí học ngoại ngữ)',
      kind: 'Cách ghi mức hỗ trợ'
    },
    en: {
      none: 'No amount',
      fixed: 'Fixed amount',
      range: 'Range (from… to…)',
      percent: 'Percentage',
      amount: 'Amount (đồng)',
      min: 'From (đồng)',
      max: 'To (đồng)',
      pct: 'Percent',
      of: 'of (e.g. the cost of language training)',
      kind: 'How the amount is given'
    }
  };

  function start() {
    var CMS = window.CMS;
    var h = window.h;
    var createClass = window.createClass;
    var locale = chosenLocale();
    var T = TEXT[locale] || TEXT.vi;
    if (!CMS) return;

    var AmountControl = createClass({
      getInitialState: function () {
        var v = plain(this.props.value);
        return { mode: modeOf(v), draft: {} };
      },
      emit: function (mode, draft) {
        var out;
        if (mode === 'fixed') out = whole(draft.amount);
        else if (mode === 'range') {
          var lo = whole(draft.min);
          var hi = whole(draft.max);
          out = lo === undefined || hi === undefined ? undefined : { min: lo, max: hi };
        } else if (mode === 'percent') {
          var p = percent(draft.percent);
          out = p === undefined || !draft.of ? undefined : { percent: p, of: draft.of };
        }
        this.props.onChange(out === undefined ? null : out);
      },
      current: function () {
        var v = plain(this.props.value);
        var d = Object.assign({}, this.state.draft);
        if (typeof v === 'number' && d.amount === undefined) d.amount = show(v);
        if (v && typeof v === 'object') {
          if (d.min === undefined && 'min' in v) d.min = show(v.min);
          if (d.max === undefined && 'max' in v) d.max = show(v.max);
          if (d.percent === undefined && 'percent' in v) d.percent = String(v.percent);
          if (d.of === undefined && 'of' in v) d.of = v.of;
        }
        return d;
      },
      setMode: function (e) {
        var mode = e.target.value;
        this.setState({ mode: mode });
        this.emit(mode, this.current());
      },
      setPart: function (name) {
        var self = this;
        return function (e) {
          var d = self.current();
          d[name] = e.target.value;
          self.setState({ draft: d });
          self.emit(self.state.mode, d);
        };
      },
      input: function (name, label, mode) {
        var d = this.current();
        return h('label', { key: name, style: { display: 'block', marginTop: '8px' } },
          h('span', { style: { display: 'block', fontSize: '13px' } }, label),
          h('input', {
            type: 'text',
            inputMode: mode,
            value: d[name] === undefined ? '' : d[name],
            onChange: this.setPart(name),
            className: this.props.classNameWrapper,
            'data-part': name
          }));
      },
      render: function () {
        var mode = this.state.mode;
        var parts = [];
        if (mode === 'fixed') parts.push(this.input('amount', T.amount, 'numeric'));
        if (mode === 'range') {
          parts.push(this.input('min', T.min, 'numeric'));
          parts.push(this.input('max', T.max, 'numeric'));
        }
        if (mode === 'percent') {
          parts.push(this.input('percent', T.pct, 'decimal'));
          parts.push(this.input('of', T.of, 'text'));
        }
        var options = ['none', 'fixed', 'range', 'percent'].map(function (m) {
          return h('option', { key: m, value: m }, T[m]);
        });
        return h('div', { className: this.props.classNameWrapper },
          h('select', {
            id: this.props.forID,
            value: mode,
            onChange: this.setMode,
            'aria-label': T.kind,
            'data-part': 'kind'
          }, options),
          parts);
      }
    });

    var AmountPreview = createClass({
      render: function () {
        var v = plain(this.props.value);
        var text = '';
        if (typeof v === 'number') text = show(v) + ' đ';
        else if (v && 'min' in v) text = show(v.min) + ' – ' + show(v.max) + ' đ';
        else if (v && 'percent' in v) text = v.percent + '% ' + (v.of || '');
        return h('span', {}, text);
      }
    });

    CMS.registerWidget('loa-amount', AmountControl, AmountPreview);
    CMS.init({ config: { locale: locale } });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
