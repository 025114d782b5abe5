// JSON for `write(object)`: `</` escaped so the text is safe inside <script>.

/** `JSON.stringify` with `</` escaped as `<\/`. */
export function jsonForScript(value: unknown): string {
  const text = JSON.stringify(value);
  return text.indexOf("</") === -1 ? text : text.replaceAll("</", "<\\/");
}
