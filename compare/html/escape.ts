/**
 * Making text safe to place inside the report's HTML: as element text, as a JSON data block, and
 * as an inline script.
 */

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => entities[character]!);
}

/**
 * JSON for a `<script type="application/json">` block. Writing every `<` as `\u003c` means no
 * string in the data, `</script>` included, can end the block early or open a comment; JSON.parse
 * reads the escape back as `<`.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * Bundled code for an inline `<script>`. A `</script` or `<!--` inside one of the code's string,
 * template or regular-expression literals would end or derail the element; `\x3C` means `<` in all
 * three, so the code runs unchanged.
 */
export function codeForScript(code: string): string {
  return code.replace(/<(?=\/script|!--)/gi, '\\x3C');
}
