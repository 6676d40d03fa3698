import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';

export interface CsvFiles {
  /** The message fields of a Teams personal-chat file attachment whose download URL serves `content`. */
  attach(name: string, content: string): Partial<Activity>;
  close(): Promise<void>;
}

/** Stands in for Teams' pre-authorised download URLs: a loopback server on port 0. */
export async function startCsvFiles(): Promise<CsvFiles> {
  const served = new Map<string, string>();
  const server = createServer((req, res) => {
    const body = served.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/csv' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let next = 1;
  return {
    attach(name, content) {
      const path = `/f${next++}/${encodeURIComponent(name)}`;
      served.set(path, content);
      return {
        attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name, content: { downloadUrl: `${base}${path}`, fileType: name.split('.').pop() } }],
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
