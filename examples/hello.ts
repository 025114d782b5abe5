// The demo application: `deno task start`.
import { Application, RequestHandler } from "../mod.ts";

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

if (import.meta.main) {
  const port = Number(Deno.env.get("PORT") ?? 8888);
  app.listen(port, {
    onListen: ({ port }) =>
      console.log(`Listening on http://localhost:${port}/`),
  });
}
