// Shows each call's outcome in the page's live region (announced by screen readers) and keeps
// a short history. Errors always show their code and message, as the SDK reports them.
const HISTORY_LIMIT = 50;

const resultBox = () => document.getElementById('result');
const historyList = () => document.getElementById('history');

/**
 * Shows one outcome. `outcome` is 'ok', 'miss' or 'error'; `code` (errors only) is the
 * MomentoErrorCode; `detail` the value or message; `ms` how long the call took.
 */
export function showResult({ call, outcome, summary, code, detail, ms }) {
  const box = resultBox();
  box.dataset.outcome = outcome;
  if (code) box.dataset.code = code;
  else delete box.dataset.code;
  const head = document.createElement('div');
  head.append(`${call} → `);
  if (code) {
    const codeSpan = document.createElement('span');
    codeSpan.className = 'code';
    codeSpan.textContent = code;
    head.append(codeSpan);
  } else {
    head.append(summary);
  }
  if (ms !== undefined) head.append(` (${ms.toFixed(1)} ms)`);
  const body = document.createElement('div');
  body.textContent = detail ?? '';
  box.replaceChildren(head, ...(detail ? [body] : []));

  const item = document.createElement('li');
  item.textContent = `${call} → ${code ?? summary}${detail ? `: ${detail}` : ''}`;
  const list = historyList();
  list.prepend(item);
  while (list.children.length > HISTORY_LIMIT) list.lastElementChild.remove();
}

/** Shows an SDK response (of any call): errors with their code, hits with their value. */
export function showResponse(call, response, { ms, describe } = {}) {
  if (response?.type === 'Error') {
    showResult({ call, outcome: 'error', code: response.errorCode(), detail: response.message(), ms });
    return;
  }
  const outcome = response?.type === 'Miss' ? 'miss' : 'ok';
  showResult({ call, outcome, summary: response?.type ?? String(response), detail: describe?.(response), ms });
}

/** Shows an exception thrown before a call was made (e.g. an invalid configuration). */
export function showException(call, error) {
  const code = typeof error?.errorCode === 'function' ? error.errorCode() : error?.name ?? 'Error';
  showResult({ call, outcome: 'error', code, detail: error?.message ?? String(error) });
}
