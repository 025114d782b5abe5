// The help text of OptionParser.printHelp(), laid out as Tornado's
// print_help: groups sorted by name, options sorted by name, help wrapped
// at 44 columns beside a 30-column name.

/** What the help text needs to know about one option. */
export interface HelpEntry {
  name: string;
  group: string;
  help: string;
  metavar: string | undefined;
  default: unknown;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** Formats a default as Python's `str()` would show it, in JS terms. */
export function formatDefault(value: unknown): string {
  if (value instanceof Date) {
    return `${String(value.getFullYear()).padStart(4, "0")}-${
      pad2(value.getMonth() + 1)
    }-${pad2(value.getDate())} ${pad2(value.getHours())}:${
      pad2(value.getMinutes())
    }:${pad2(value.getSeconds())}`;
  }
  if (Array.isArray(value)) return `[${value.map(formatDefault).join(", ")}]`;
  return String(value);
}

/** Greedy word wrap as Python's `textwrap.wrap` (without hyphen breaks). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (let word of text.split(/\s+/).filter((w) => w !== "")) {
    while (word.length > 0) {
      const room = line === "" ? width : width - line.length - 1;
      if (word.length <= room) {
        line = line === "" ? word : line + " " + word;
        word = "";
      } else if (word.length <= width) {
        lines.push(line);
        line = "";
      } else {
        // a word longer than a line fills the rest of this one (Python)
        const piece = word.slice(0, Math.max(room, 0));
        word = word.slice(piece.length);
        lines.push(line === "" ? piece : piece ? line + " " + piece : line);
        line = "";
      }
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** Builds the whole help text, ending with a newline. */
export function formatHelp(programName: string, entries: HelpEntry[]): string {
  const out = [`Usage: ${programName} [OPTIONS]`, "", "Options:", ""];
  const groups = new Map<string, HelpEntry[]>();
  for (const entry of entries) {
    const list = groups.get(entry.group) ?? [];
    list.push(entry);
    groups.set(entry.group, list);
  }
  for (const group of [...groups.keys()].sort()) {
    if (group) out.push("", `${group} options:`, "");
    const list = groups.get(group)!.sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0
    );
    for (const entry of list) {
      let prefix = entry.name.replaceAll("_", "-");
      if (entry.metavar) prefix += "=" + entry.metavar;
      let description = entry.help;
      if (
        entry.default !== undefined && entry.default !== null &&
        entry.default !== ""
      ) {
        description += ` (default ${formatDefault(entry.default)})`;
      }
      const lines = wrap(description, 44);
      if (prefix.length > 30 || lines.length === 0) lines.unshift("");
      out.push(`  --${prefix.padEnd(30)} ${lines[0]}`);
      for (const line of lines.slice(1)) out.push(`${" ".repeat(34)} ${line}`);
    }
  }
  out.push("");
  return out.join("\n") + "\n";
}
