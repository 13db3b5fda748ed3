/**
 * The head of an HTTP/1.1 message as both ends of the Runtime API read it: the stand-in's server
 * and the Node runtime client, which bundles this file (so it must stay free of server code).
 */

export interface HttpHead {
  /** The request line or the status line. */
  firstLine: string;
  /** Names lower-case; a repeated field's values joined with ", ". */
  headers: Record<string, string>;
}

/** A message whose framing cannot be read: the connection it came on is out of step. */
export class MalformedMessage extends Error {}

const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** `text` is the head without its closing blank line. */
export function parseHead(text: string): HttpHead {
  const lines = text.split('\r\n');
  // Null-prototype, so a header named like an Object.prototype member is not taken for a repeat.
  const headers: Record<string, string> = Object.create(null);
  for (let i = 1; i < lines.length; i += 1) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    // A name must be a token: this also refuses obsolete line folding (a line starting with space).
    if (colon <= 0 || !token.test(name)) throw new MalformedMessage(`malformed header line '${line.slice(0, 100)}'`);
    const value = line.slice(colon + 1).trim();
    const seen = headers[name];
    headers[name] = seen === undefined ? value : `${seen}, ${value}`;
  }
  return { firstLine: lines[0]!, headers };
}
