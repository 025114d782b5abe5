// The template engine race, in-process: the same page (a title and 100 rows,
// every value HTML-escaped) rendered by this engine, Eta, Handlebars,
// Nunjucks, EJS and hand-written concatenation. Alternating rounds of a hand
// loop; the median renders/s of each engine is kept. Usage:
//   deno run -A bench/templates.ts [--quick] [--rounds=7] [--round-ms=400]
import { parseArgs } from "node:util";
import { Eta } from "eta";
import Handlebars from "handlebars";
import nunjucks from "nunjucks";
import ejs from "ejs";
import { Loader } from "../template/mod.ts";
import { isTemplatePage, renderByHand, ROWS, TITLE } from "./_data.ts";
import { machine, median, whole, writeResult } from "./_machine.ts";
import { updateReadme } from "./report.ts";

const DIR = new URL("./templates/", import.meta.url).pathname;
const read = (name: string) => Deno.readTextFileSync(`${DIR}${name}`);

/** Each engine: compiled once, then a render function of the page data. */
function engines(): Record<string, () => string> {
  const data = { title: TITLE, rows: ROWS };
  const tornado = new Loader(DIR).load("page.html");
  const eta = new Eta({ views: DIR, cache: true });
  const hbs = Handlebars.compile(read("page.hbs"));
  const njk = nunjucks.compile(
    read("page.njk"),
    new nunjucks.Environment(null, { autoescape: true }),
  );
  const ejsPage = ejs.compile(read("page.ejs"));
  return {
    "hand-written": () => renderByHand(TITLE, ROWS),
    "Tornado for Deno": () => tornado.generate(data),
    "Eta 4.6.0": () => eta.render("page", data),
    "Handlebars 4.7.10": () => hbs(data),
    "Nunjucks 3.2.4": () => njk.render(data),
    "EJS 7.0.2": () => ejsPage(data),
  };
}

let sink = 0;

function timeRound(render: () => string, ms: number): number {
  let count = 0;
  const start = performance.now();
  let now = start;
  const end = start + ms;
  while (now < end) {
    for (let i = 0; i < 50; i++) {
      const page = render(); // reading a char flattens a rope, as sending does
      sink += page.charCodeAt(page.length >> 1);
    }
    count += 50;
    now = performance.now();
  }
  return count / ((now - start) / 1000);
}

/** Runs the race; returns the results written to templates.json. */
export async function runTemplates(
  argv: string[],
): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      rounds: { type: "string" },
      "round-ms": { type: "string" },
    },
  });
  const rounds = Number(values.rounds ?? (values.quick ? 3 : 7));
  const roundMs = Number(values["round-ms"] ?? (values.quick ? 200 : 400));
  const all = engines();
  for (const [name, render] of Object.entries(all)) {
    if (!isTemplatePage(render())) {
      throw new Error(`Wrong page from ${name}:\n${render().slice(0, 400)}`);
    }
  }
  const names = Object.keys(all);
  for (const name of names) timeRound(all[name]!, roundMs); // warm-up
  const figures: Record<string, number[]> = {};
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]!;
      (figures[name] ??= []).push(timeRound(all[name]!, roundMs));
    }
  }
  const hand = median(figures["hand-written"]!);
  const results: Record<string, unknown> = {};
  const lines = [
    "| engine | renders/s | ratio to hand-written |",
    "| --- | ---: | ---: |",
  ];
  for (const name of names) {
    const ops = median(figures[name]!);
    results[name] = {
      opsPerSecond: Math.round(ops),
      rounds: figures[name]!.map(Math.round),
      ratioToHand: Number((ops / hand).toFixed(3)),
    };
    lines.push(`| ${name} | ${whole(ops)} | ${(ops / hand).toFixed(2)}x |`);
  }
  console.log(lines.join("\n"));
  if (sink === 0) console.log(""); // keeps the renders observable
  const data = {
    date: new Date().toISOString(),
    machine: await machine(),
    rounds,
    roundMs,
    page: 'title + 100 rows of 3 escaped values (<, >, &, ")',
    engines: results,
  };
  await writeResult("templates.json", data);
  return data;
}

if (import.meta.main) {
  await runTemplates(Deno.args);
  await updateReadme();
}
