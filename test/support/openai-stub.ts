import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stub model answers to the next chat completion request. */
export type StubAnswer =
  /** A tool call, `args` sent verbatim as the call's JSON-encoded arguments (so it may be malformed on purpose). */
  | { kind: 'tool'; name: string; args: string }
  /** Several tool calls at once. */
  | { kind: 'tools'; calls: readonly { name: string; args: string }[] }
  | { kind: 'text'; content: string }
  | { kind: 'status'; status: number }
  /** A 200 whose body is not a chat completion. */
  | { kind: 'raw'; body: string }
  /** Never answers (until the stub stops). */
  | { kind: 'hang' };

export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface OpenAiStub {
  /** The OpenAI-compatible base URL, `http://127.0.0.1:<port>/v1`. */
  baseUrl: string;
  requests: StubRequest[];
  /** Queues answers; each request takes the next one (a refusal-free "I can't help" text when none is queued). */
  answer(...next: StubAnswer[]): void;
  stop(): Promise<void>;
}

function completion(message: Record<string, unknown>, finishReason: string): string {
  return JSON.stringify({
    id: 'chatcmpl-stub',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'stub-model',
    choices: [{ index: 0, finish_reason: finishReason, message: { role: 'assistant', ...message } }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });
}

function toolCalls(calls: readonly { name: string; args: string }[]): Record<string, unknown> {
  return { content: null, tool_calls: calls.map((call, index) => ({ id: `call_${index + 1}`, type: 'function', function: { name: call.name, arguments: call.args } })) };
}

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(body);
}

/**
 * An OpenAI-compatible chat completions endpoint on 127.0.0.1 (a free port): `POST /v1/chat/completions` and Azure's
 * `POST /openai/deployments/{deployment}/chat/completions`. It records every request and answers from a queue.
 */
export async function startOpenAiStub(): Promise<OpenAiStub> {
  const requests: StubRequest[] = [];
  const queue: StubAnswer[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = (request.url ?? '').split('?')[0] ?? '';
      if (request.method !== 'POST' || !/^\/(?:v1|openai\/deployments\/[^/]+)\/chat\/completions$/.test(path)) {
        send(response, 404, JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }));
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: request.method, path, headers: request.headers, body: JSON.parse(text) as Record<string, unknown> });
      const next = queue.shift() ?? { kind: 'text', content: 'I can only help with the commands I was given.' };
      switch (next.kind) {
        case 'tool':
          return send(response, 200, completion(toolCalls([{ name: next.name, args: next.args }]), 'tool_calls'));
        case 'tools':
          return send(response, 200, completion(toolCalls(next.calls), 'tool_calls'));
        case 'text':
          return send(response, 200, completion({ content: next.content }, 'stop'));
        case 'status':
          return send(response, next.status, JSON.stringify({ error: { message: 'stub failure', type: 'server_error' } }));
        case 'raw':
          return send(response, 200, next.body);
        case 'hang':
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    answer: (...next) => queue.push(...next),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
