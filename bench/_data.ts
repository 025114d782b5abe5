// Data shared by every benchmark: the template page's rows, the form body,
// the cookie secret, and the hand-written renderer the others are held to.

/** The page title (escaped like the rows). */
export const TITLE = 'Rows & "things" <100>';

/** One row of the template page. */
export interface Row {
  id: number;
  name: string;
  note: string;
}

/** 100 rows whose text holds `<`, `>`, `&` and `"`. */
export const ROWS: readonly Row[] = Array.from({ length: 100 }, (_, i) => ({
  id: i + 1,
  name: `Row <${i + 1}> & "friends"`,
  note: i % 3 === 0 ? "<b>bold</b> & more" : `plain text ${i}`,
}));

/** The secret used for signed cookies in every framework. */
export const COOKIE_SECRET =
  "a benchmark secret that is long enough 0123456789";
/** The value carried by the signed cookie. */
export const COOKIE_VALUE = "user-42";

/** The urlencoded form body: 10 fields, `field5` is read back. */
export const FORM_BODY = Array.from(
  { length: 10 },
  (_, i) => `field${i}=${encodeURIComponent(`value ${i} & more=stuff`)}`,
).join("&");
/** The value of `field5` after decoding. */
export const FORM_FIELD5 = "value 5 & more=stuff";

/** Number of routes in the routing scenario, and the index that is hit. */
export const ROUTE_COUNT = 100;
export const ROUTE_HIT = 73; // the 74th route
/** The path the routing scenario requests. */
export const ROUTE_PATH = `/item${ROUTE_HIT}/42`;

/** Escapes `&<>"'` with a char loop (the hand-written baseline). */
export function escapeHtml(text: string): string {
  let out = "";
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    let entity: string;
    switch (text.charCodeAt(i)) {
      case 38:
        entity = "&amp;";
        break;
      case 60:
        entity = "&lt;";
        break;
      case 62:
        entity = "&gt;";
        break;
      case 34:
        entity = "&quot;";
        break;
      case 39:
        entity = "&#39;";
        break;
      default:
        continue;
    }
    if (last !== i) out += text.slice(last, i);
    out += entity;
    last = i + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** The page by hand-written concatenation (the baseline of every engine). */
export function renderByHand(title: string, rows: readonly Row[]): string {
  let out = "<!DOCTYPE html>\n<html>\n<head><title>" + escapeHtml(title) +
    "</title></head>\n<body>\n<h1>" + escapeHtml(title) + "</h1>\n<table>\n";
  for (const row of rows) {
    out += "<tr><td>" + row.id + "</td><td>" + escapeHtml(row.name) +
      "</td><td>" + escapeHtml(row.note) + "</td></tr>\n";
  }
  return out + "</table>\n</body>\n</html>\n";
}

/** Strips white space, to compare engines that lay out lines differently. */
export function squash(text: string): string {
  return text.replace(/\s+/g, "");
}

/** Whether `body` is the template page (any white space or entity form). */
export function isTemplatePage(body: string): boolean {
  return squash(body).replace(/&#x27;|&#039;/g, "&#39;")
    .replace(/&#34;|&#x22;/g, "&quot;") === squash(renderByHand(TITLE, ROWS));
}
