/* The caselink IDE bootstrap (plain browser script, served as is): GraphiQL with a caller bar.
 * The token and purpose live in this browser's localStorage and go with every request;
 * nothing is loaded from or sent to any other origin. */
(function () {
  'use strict';
  var body = document.body;
  var endpoint = body.dataset.endpoint;
  var purposeHeader = body.dataset.purposeHeader;
  var KEY_TOKEN = 'caselink.ide.token';
  var KEY_PURPOSE = 'caselink.ide.purpose';
  var tokenInput = document.getElementById('token');
  var purposeSelect = document.getElementById('purpose');
  var demoSelect = document.getElementById('demo');
  var who = document.getElementById('who');

  tokenInput.value = localStorage.getItem(KEY_TOKEN) || '';
  purposeSelect.value = localStorage.getItem(KEY_PURPOSE) || '';

  /** The token's claims, for showing who the IDE speaks as; the gateway verifies the token itself. */
  function claims(token) {
    try {
      var part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      var bytes = Uint8Array.from(atob(part), function (c) { return c.charCodeAt(0); });
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) {
      return null;
    }
  }

  function showWho() {
    var token = tokenInput.value.trim();
    var c = token ? claims(token) : null;
    if (!token) who.textContent = 'no token: requests will be refused (UNAUTHENTICATED)';
    else if (!c) who.textContent = 'this does not look like a JWT';
    else who.textContent = (c.sub || '?') + ' · ' + (c.agency || '?') + ' · ' + (c.roles || []).join(',') +
      (c.exp ? ' · expires ' + new Date(c.exp * 1000).toLocaleString() : '');
  }

  function request(params, opts) {
    var headers = Object.assign(
      { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      (opts && opts.headers) || {}
    );
    var token = tokenInput.value.trim();
    // Without a token the gateway would only answer UNAUTHENTICATED; say so without asking it.
    if (!token) return Promise.resolve({ errors: [{ message: 'Paste a caller token above (or pick a demo officer) first.' }] });
    headers.authorization = 'Bearer ' + token;
    if (purposeSelect.value) headers[purposeHeader] = purposeSelect.value;
    return fetch(endpoint, { method: 'POST', headers: headers, body: JSON.stringify(params), credentials: 'omit' })
      .then(function (res) { return res.json(); });
  }

  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  function render() {
    // A new fetcher makes GraphiQL load the schema again, as the new caller; editors and tabs stay.
    var fetcher = function (params, opts) { return request(params, opts); };
    root.render(React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: '# Paste a caller token above (or pick a demo officer), then write a query.\n# Ctrl-Enter runs it; the Docs panel shows the schema.\n\n{\n  __typename\n}\n',
    }));
  }

  function callerChanged() {
    localStorage.setItem(KEY_TOKEN, tokenInput.value.trim());
    localStorage.setItem(KEY_PURPOSE, purposeSelect.value);
    showWho();
    render();
  }
  tokenInput.addEventListener('change', callerChanged);
  purposeSelect.addEventListener('change', callerChanged);

  if (body.dataset.demoTokens) {
    fetch(body.dataset.demoTokens, { credentials: 'omit' })
      .then(function (res) { return res.ok ? res.json() : []; })
      .then(function (list) {
        if (!list.length) return;
        list.forEach(function (t) {
          var o = document.createElement('option');
          o.value = t.token;
          o.textContent = t.label;
          demoSelect.appendChild(o);
        });
        document.getElementById('demo-label').hidden = false;
        demoSelect.addEventListener('change', function () {
          if (!demoSelect.value) return;
          tokenInput.value = demoSelect.value;
          callerChanged();
        });
      })
      .catch(function () {});
  }

  showWho();
  render();
})();
