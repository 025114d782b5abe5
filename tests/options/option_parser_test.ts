import assert from "node:assert/strict";
import { OptionParser } from "../../options/mod.ts";

Deno.test("OptionParser.define() infers the type from the default", () => {
  const parser = new OptionParser();
  parser.define("port", { default: 80 });
  parser.define("debug", { default: false });
  parser.define("name", { default: "x" });
  parser.define("since", { default: new Date(2020, 0, 1) });
  parser.define("plain");
  parser.parseCommandLine([
    "--port=8080.5",
    "--debug",
    "--name=y",
    "--since=2021-02-03",
    "--plain=42",
  ]);
  assert.equal(parser.get("port"), 8080.5);
  assert.equal(parser.get("debug"), true);
  assert.equal(parser.get("name"), "y");
  assert.deepEqual(parser.get("since"), new Date(2021, 1, 3));
  assert.equal(parser.get("plain"), "42");
});

Deno.test("OptionParser.define() rejects a second definition and a bad default", () => {
  const parser = new OptionParser();
  parser.define("port", { default: 80 });
  assert.throws(() => parser.define("port"), {
    message: 'Cannot define option "port": already defined',
  });
  assert.throws(() => parser.define("help"), Error);
  assert.throws(
    () => parser.define("n", { type: "integer", default: "80" }),
    { name: "TypeError" },
  );
  assert.throws(() => parser.define(""), TypeError);
});

Deno.test("OptionParser gives values as properties under every spelling of the name", () => {
  const parser = new OptionParser();
  parser.define("max_body_size", { type: "integer", default: 10 });
  assert.equal(parser.max_body_size, 10);
  assert.equal(parser["max-body-size"], 10);
  assert.equal(parser.maxBodySize, 10);
  assert.equal(parser.get("max-body-size"), 10);
  parser.parseCommandLine(["--max-body-size=20"]);
  assert.equal(parser.maxBodySize, 20);
  parser.maxBodySize = 30;
  assert.equal(parser.get("max_body_size"), 30);
  assert.throws(() => {
    parser.maxBodySize = "big";
  }, {
    name: "TypeError",
    message:
      'Cannot set option "max_body_size": expected an integer, received "big"',
  });
  assert.ok(Object.keys(parser).includes("max_body_size"));
});

Deno.test("OptionParser keeps methods when an option is named like one", () => {
  const parser = new OptionParser();
  parser.define("get", { default: "value" });
  assert.equal(typeof parser.get, "function");
  assert.equal(parser.get("get"), "value");
});

Deno.test("OptionParser.get() and set() reject unknown names", () => {
  const parser = new OptionParser();
  assert.throws(() => parser.get("nope"), {
    message: 'Cannot find option "nope": it is not defined',
  });
  assert.throws(() => parser.set("nope", 1), Error);
  assert.equal(parser.has("nope"), false);
  assert.equal(parser.has("help"), true);
});

Deno.test("OptionParser.set() checks the type, allows null and runs the callback", () => {
  const seen: unknown[] = [];
  const parser = new OptionParser();
  parser.define("ids", {
    type: "integer",
    multiple: true,
    callback: (v) => seen.push(v),
  });
  assert.deepEqual(parser.get("ids"), []);
  parser.set("ids", [1, 2]);
  parser.set("ids", null);
  assert.throws(() => parser.set("ids", 1), TypeError);
  assert.throws(() => parser.set("ids", [1.5]), TypeError);
  assert.deepEqual(seen, [[1, 2], null]);
});

Deno.test("OptionParser.parseCommandLine() takes --name=value and --name value", () => {
  const parser = new OptionParser();
  parser.define("host", { default: "localhost" });
  parser.define("port", { type: "integer" });
  const rest = parser.parseCommandLine(["--host", "example.test", "-port=5"]);
  assert.equal(parser.get("host"), "example.test");
  assert.equal(parser.get("port"), 5);
  assert.deepEqual(rest, []);
  parser.parseCommandLine(["--port", "-7"]);
  assert.equal(parser.get("port"), -7);
});

Deno.test("OptionParser.parseCommandLine() reads booleans as Tornado", () => {
  const parser = new OptionParser();
  parser.define("debug", { type: "boolean", default: false });
  parser.parseCommandLine(["--debug"]);
  assert.equal(parser.get("debug"), true);
  parser.parseCommandLine(["--debug=false"]);
  assert.equal(parser.get("debug"), false);
  parser.parseCommandLine(["--debug=yes"]);
  assert.equal(parser.get("debug"), true);
  // a boolean never takes the next argument
  const rest = parser.parseCommandLine(["--debug", "false"]);
  assert.equal(parser.get("debug"), true);
  assert.deepEqual(rest, ["false"]);
});

Deno.test("OptionParser.parseCommandLine() stops at the first argument or after --", () => {
  const parser = new OptionParser();
  parser.define("a", { type: "boolean" });
  parser.define("b", { type: "boolean" });
  assert.deepEqual(parser.parseCommandLine(["--a", "x", "--b"]), ["x", "--b"]);
  assert.equal(parser.get("b"), undefined);
  assert.deepEqual(parser.parseCommandLine(["--b", "--", "--a", "y"]), [
    "--a",
    "y",
  ]);
  assert.equal(parser.get("b"), true);
  assert.deepEqual(parser.parseCommandLine([]), []);
});

Deno.test("OptionParser.parseCommandLine() throws for unknown options and missing or bad values", () => {
  const parser = new OptionParser();
  parser.define("port", { type: "integer" });
  assert.throws(() => parser.parseCommandLine(["--x"]), {
    message: 'Unrecognized command line option: "--x"',
  });
  assert.throws(() => parser.parseCommandLine(["--port"]), {
    message: 'Option "--port" requires a value',
  });
  assert.throws(() => parser.parseCommandLine(["--port=abc"]), {
    message: 'Cannot parse option "--port": "abc" is not an integer',
  });
  assert.throws(() => parser.parseCommandLine(["-"]), {
    message: 'Unrecognized command line option: "--"',
  });
});

Deno.test("OptionParser.parseCommandLine() splits lists and expands integer ranges", () => {
  const parser = new OptionParser();
  parser.define("ports", { type: "integer", multiple: true });
  parser.define("names", { multiple: true });
  parser.parseCommandLine(["--ports=80,8000:8002", "--names", "a,b"]);
  assert.deepEqual(parser.get("ports"), [80, 8000, 8001, 8002]);
  assert.deepEqual(parser.get("names"), ["a", "b"]);
  assert.throws(() => parser.parseCommandLine(["--ports=1:1000000000"]), {
    message:
      'Cannot parse option "--ports": range "1:1000000000" is too long: at most 100000 values',
  });
});

Deno.test("OptionParser.parseCommandLine() runs option callbacks and then parse callbacks", () => {
  const events: string[] = [];
  const parser = new OptionParser();
  parser.define("level", {
    default: "info",
    callback: (v) => events.push(`level=${v}`),
  });
  parser.addParseCallback(() => events.push("done"));
  parser.parseCommandLine(["--level=debug"]);
  assert.deepEqual(events, ["level=debug", "done"]);
  parser.parseCommandLine(["--level=warn"], { final: false });
  assert.deepEqual(events, ["level=debug", "done", "level=warn"]);
  parser.runParseCallbacks();
  assert.equal(events.at(-1), "done");
});

Deno.test("OptionParser.asDict(), groups() and groupDict() list values", () => {
  const parser = new OptionParser();
  parser.define("port", { default: 80, group: "server" });
  parser.define("host", { default: "h", group: "server" });
  parser.define("verbose", { default: false });
  assert.deepEqual(parser.groups(), new Set(["", "server"]));
  assert.deepEqual(parser.groupDict("server"), { port: 80, host: "h" });
  assert.deepEqual(parser.asDict(), {
    help: undefined,
    port: 80,
    host: "h",
    verbose: false,
  });
});
