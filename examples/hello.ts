// Hello world, one entry file for deno run and deno serve.
import { Application, RequestHandler, startApp } from "../mod.ts";

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

export const app: Application = new Application([
  ["/", MainHandler],
  ["/story/([0-9]+)", StoryHandler],
]);

// `deno run --allow-net examples/hello.ts` listens on 8888;
// `deno serve --parallel examples/hello.ts` serves it on every core.
export default startApp(import.meta, app, { port: 8888 });
