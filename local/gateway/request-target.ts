/** The request line's target, split the way an HTTP API splits it for the event. */
export interface RequestTarget {
  /** Decoded: what rawPath and http.path carry and what routes match. */
  path: string;
  /** As sent, still percent-encoded, without the `?`: rawQueryString. */
  query: string;
}

export function parseTarget(url: string): RequestTarget {
  const mark = url.indexOf('?');
  if (mark === -1) return { path: decodePath(url), query: '' };
  return { path: decodePath(url.slice(0, mark)), query: url.slice(mark + 1) };
}

/**
 * HTTP APIs hand the function a percent-decoded path, except that `%25` stays as it is (decoding
 * it would make `%2541` indistinguishable from `%41`). A malformed escape is left undecoded.
 */
function decodePath(path: string): string {
  if (!path.includes('%')) return path;
  return path.split('%25').map(decodeLeniently).join('%25');
}

function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
