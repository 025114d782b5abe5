// Hello world, one entry file for deno run and deno serve.
import { Application, RequestHandler, startApp } from "../mod.ts";
import { parseFlags } from "./_flags.ts";

class MainHandler extends RequestHandler {
  override get(): void {
    this.write("Hello, world");
  }
}

class StoryHandler extends RequestHandler {
  override get(storyId: string): void {
    this.write(`You requested the story ${storyId}`);
  }
}

const flags = parseFlags();

export const app: Application = new Application([
  ["/", MainHandler],
  ["/story/([0-9]+)", StoryHandler],
], { debug: flags.debug, logFormat: flags.logFormat });

// `deno run --allow-net examples/hello.ts` listens on 8888 (--port=...);
// `deno serve --parallel examples/hello.ts` serves it on every core.
export default startApp(import.meta, app, flags.start);
