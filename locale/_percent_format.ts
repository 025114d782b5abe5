// Python's `"%(name)s" % mapping` for the templates Tornado translates
// (`%(time)s`, `%(seconds)d`, `%%`). Unknown keys or conversions are left as
// they are, so a bad translation shows up as text instead of throwing.
const PERCENT_REGEXP = /%(?:\(([^)]*)\))?([-0 +#]*)(\d+)?([sdi%])/g;

/** Substitutes `%(key)s`/`%(key)d` placeholders from `values`. */
export function percentFormat(
  template: string,
  values: Readonly<Record<string, string | number>>,
): string {
  if (!template.includes("%")) return template;
  return template.replace(
    PERCENT_REGEXP,
    (match, key: string | undefined, flags: string, width?: string) => {
      const conversion = match[match.length - 1];
      if (conversion === "%") return key === undefined ? "%" : match;
      if (key === undefined || !Object.hasOwn(values, key)) return match;
      const value = values[key] as string | number;
      let text: string;
      if (conversion === "s") {
        text = String(value);
      } else {
        const number = Number(value);
        if (!Number.isFinite(number)) return match;
        text = String(Math.trunc(number));
      }
      const size = width === undefined ? 0 : Number(width);
      if (text.length >= size) return text;
      if (flags.includes("-")) return text.padEnd(size);
      if (flags.includes("0") && conversion !== "s") {
        const sign = text.startsWith("-") ? "-" : "";
        return sign + text.slice(sign.length).padStart(size - sign.length, "0");
      }
      return text.padStart(size);
    },
  );
}
