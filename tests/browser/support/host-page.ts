import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A second web server: another origin, serving one page that embeds the widget. */
export interface HostPage {
  /** http://127.0.0.1:port/ */
  readonly url: string;
  /** http://127.0.0.1:port */
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves `render()` as the page at / on 127.0.0.1, port 0; anything else is a 404. */
export async function startHostPage(render: () => string): Promise<HostPage> {
  const server = createServer(function servePage(req, res) {
    if (req.url !== '/') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(render());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    origin,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A publisher's page: some text and the one embedding tag with the given attributes. */
export function embeddingPage(scriptAttributes: Record<string, string>): string {
  const attributes = Object.entries(scriptAttributes)
    .map(([name, value]) => ` ${name}="${value}"`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>A publisher's page</title></head>
<body>
<main><h1>A publisher's page</h1><p>Another site that embeds the chat.</p></main>
<script${attributes} defer></script>
</body>
</html>
`;
}
