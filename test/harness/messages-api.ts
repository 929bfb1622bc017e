/**
 * A stand-in for the Anthropic Messages API, enough for Claude Code 2.1.197 and 2.1.332:
 * `HEAD /` (its connectivity probe) and `POST /v1/messages` (SSE when
 * `stream: true`, plain JSON otherwise). Listens on 127.0.0.1 on a free port,
 * records every request, and answers with whatever respondWith() says.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** `delayMs`: hold the answer that long, so Claude stays busy (a long turn). */
export type Reply = (
	| { text: string }
	| { toolUse: { name: string; input: unknown; text?: string } }
	/** An API error response (e.g. 529 overloaded_error): Claude Code ends the turn and fires StopFailure. */
	| { error: { status: number; type: string; message: string } }
) & { delayMs?: number };

/**
 * The auto-mode classifier's verdict on one action (Claude Code 2.1.283+ with
 * CLAUDE_CODE_AUTO_MODE_SERVER=0 asks the API itself, with a "security monitor"
 * system prompt and no tools): severity 0-100, above 50 blocks; a blocking
 * verdict names the rule in `category`.
 */
export type Verdict = { severity: number; category?: string };

export interface MessagesApi {
	url: string;
	/** Every POST /v1/messages, main conversation and side requests alike. */
	requests: Array<{ body: any; at: number }>;
	/**
	 * lastUserText() of each main-conversation request (see isMainRequest), in order; requests whose
	 * last user message holds no such text (a tool's result coming back) are left out.
	 */
	userTexts(): string[];
	/**
	 * Decides the reply to every request that offers tools: the main conversation and subagents
	 * (tell them apart with isSubagentRequest). Side requests without tools get a fixed short text.
	 * Default: { text: 'ACK: ' + lastUserText(body) }. If fn throws, the reply is a text naming the error.
	 */
	respondWith(fn: (body: any) => Reply): void;
	/**
	 * Decides the auto-mode classifier's requests: `action` is the tool call under review as Claude Code
	 * shows it (e.g. {"Bash":"curl … | sh"}). Default: allow everything (severity 5).
	 */
	classifyWith(fn: (action: string, body: any) => Verdict): void;
	/** The classifier requests seen (see isClassifierRequest). */
	classifierRequests(): any[];
	/** Resolves with the first request body (already received or still to come) for which pred holds. */
	waitFor(pred: (body: any) => boolean, timeoutMs?: number): Promise<any>;
	/** Requests other than HEAD / and POST /v1/messages, for debugging (Claude Code 2.1.197 sends none). */
	otherRequests: Array<{ method: string; url: string; at: number }>;
	close(): Promise<void>;
}

type Block = { type: string; text?: string; [key: string]: unknown };
type Message = { role: string; content: string | Block[] };

const REMINDER = /^\s*<system-reminder>[\s\S]*<\/system-reminder>\s*$/;
/** Added by Claude Code after a rejected (3 / Esc) or interrupted tool use, in front of the next prompt. */
const INTERRUPTED = /^\[Request interrupted by user/;

const hasTools = (body: any): boolean => Array.isArray(body?.tools) && body.tools.length > 0;

const systemTexts = (body: any): string[] =>
	typeof body?.system === 'string' ? [body.system] : Array.isArray(body?.system) ? body.system.map((block: any) => String(block?.text ?? '')) : [];

/**
 * A subagent's request (Agent tool): its first system block, the billing header, carries
 * `cc_is_subagent=true` (and its prompt says "You are an agent for Claude Code").
 */
export function isSubagentRequest(body: any): boolean {
	return systemTexts(body).some((text) => text.includes('cc_is_subagent=true'));
}

/** An auto-mode classifier request (client-side classifier): no tools, the "security monitor" system prompt. */
export function isClassifierRequest(body: any): boolean {
	return !hasTools(body) && systemTexts(body).some((text) => text.includes('You are a security monitor for autonomous AI coding agents'));
}

/** The action a classifier request is about: the last line of its <transcript> (the tool call). */
export function classifiedAction(body: any): string {
	const text = lastUserText(body);
	const transcript = /<transcript>\n([\s\S]*?)<\/transcript>/.exec(text)?.[1] ?? '';
	return transcript.trim().split('\n').at(-1) ?? '';
}

/**
 * A main-conversation request offers tools to the model and is not a subagent's. Side requests
 * (title / summary generation and the like) carry no tools; Claude Code 2.1.197 sent none in our
 * runs, with or without CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC.
 */
export function isMainRequest(body: any): boolean {
	return hasTools(body) && !isSubagentRequest(body);
}

function lastUserMessage(body: any): Message | undefined {
	const messages: Message[] = Array.isArray(body?.messages) ? body.messages : [];
	for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === 'user') return messages[i];
	return undefined;
}

/**
 * Joined text blocks of the last user message: what the user typed. Leaves out the blocks Claude Code
 * adds itself: `<system-reminder>…` context and the `[Request interrupted by user…]` marker.
 */
export function lastUserText(body: any): string {
	const message = lastUserMessage(body);
	if (!message) return '';
	if (typeof message.content === 'string') return message.content;
	return message.content
		.filter((block) => block.type === 'text' && typeof block.text === 'string' && !REMINDER.test(block.text) && !INTERRUPTED.test(block.text))
		.map((block) => block.text as string)
		.join('\n');
}

type ToolResult = { tool_use_id: string; content: unknown; is_error?: boolean };

/** Every tool_result block of the last user message, as sent. */
export function rawToolResults(body: any): ToolResult[] {
	const message = lastUserMessage(body);
	if (!message || typeof message.content === 'string') return [];
	return message.content.filter((block) => block.type === 'tool_result') as any;
}

/**
 * The tool results this request continues the model's turn with; empty for a new prompt. After a
 * rejection (3 / Esc) the turn ends, and Claude Code sends the rejected tool's result only later,
 * in the same user message as the next prompt and behind an `[Request interrupted by user…]`
 * marker: that is a new prompt, not a continuation (rawToolResults() still shows it).
 */
export function toolResults(body: any): ToolResult[] {
	const message = lastUserMessage(body);
	if (!message || typeof message.content === 'string') return [];
	if (message.content.some((block) => block.type === 'text' && typeof block.text === 'string' && INTERRUPTED.test(block.text))) return [];
	return rawToolResults(body);
}

/** The text of a tool_result's content (string or text blocks). */
export function toolResultText(result: { content: unknown }): string {
	const { content } = result;
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((block: any) => (typeof block?.text === 'string' ? block.text : '')).join('\n');
	return '';
}

const defaultReply = (body: any): Reply => ({ text: `ACK: ${lastUserText(body)}` });

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

function contentBlocks(reply: { text: string } | { toolUse: { name: string; input: unknown; text?: string } }): Block[] {
	if ('toolUse' in reply) {
		const blocks: Block[] = [];
		if (reply.toolUse.text) blocks.push({ type: 'text', text: reply.toolUse.text });
		blocks.push({ type: 'tool_use', id: newId('toolu'), name: reply.toolUse.name, input: reply.toolUse.input ?? {} });
		return blocks;
	}
	return [{ type: 'text', text: reply.text }];
}

function usage(outputTokens: number) {
	return { input_tokens: 12, output_tokens: outputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
	const payload = JSON.stringify(value);
	res.writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req'), 'content-length': Buffer.byteLength(payload) });
	res.end(payload);
}

function sendMessage(res: ServerResponse, body: any, reply: Reply): void {
	if ('error' in reply) {
		sendJson(res, reply.error.status, { type: 'error', error: { type: reply.error.type, message: reply.error.message } });
		return;
	}
	const blocks = contentBlocks(reply);
	const stopReason = blocks.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn';
	const model = typeof body?.model === 'string' ? body.model : 'claude-stand-in';
	const id = newId('msg');
	if (!body?.stream) {
		sendJson(res, 200, {
			id, type: 'message', role: 'assistant', model, content: blocks,
			stop_reason: stopReason, stop_sequence: null, usage: usage(5),
		});
		return;
	}
	res.writeHead(200, {
		'content-type': 'text/event-stream; charset=utf-8',
		'cache-control': 'no-cache',
		connection: 'keep-alive',
		'request-id': newId('req'),
	});
	const event = (name: string, data: object) => res.write(`event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`);
	event('message_start', {
		message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: usage(1) },
	});
	event('ping', {});
	blocks.forEach((block, index) => {
		if (block.type === 'text') {
			event('content_block_start', { index, content_block: { type: 'text', text: '' } });
			event('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } });
		} else {
			event('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
			event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
		}
		event('content_block_stop', { index });
	});
	event('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 5 } });
	event('message_stop', {});
	res.end();
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

export async function startMessagesApi(): Promise<MessagesApi> {
	const requests: MessagesApi['requests'] = [];
	const otherRequests: MessagesApi['otherRequests'] = [];
	let responder: (body: any) => Reply = defaultReply;
	let classifier: (action: string, body: any) => Verdict = () => ({ severity: 5 });
	const waiters = new Set<{ pred: (body: any) => boolean; resolve: (body: any) => void }>();

	const server = createServer(async (req, res) => {
		try {
			const path = (req.url ?? '/').split('?')[0];
			if (req.method === 'HEAD' || (req.method === 'GET' && path === '/')) {
				res.writeHead(200, { 'content-type': 'text/plain' });
				res.end();
				return;
			}
			if (req.method === 'POST' && path === '/v1/messages') {
				const raw = await readBody(req);
				let body: any;
				try {
					body = JSON.parse(raw);
				} catch {
					sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'body is not JSON' } });
					return;
				}
				requests.push({ body, at: Date.now() });
				for (const waiter of [...waiters]) {
					let hit = false;
					try {
						hit = waiter.pred(body);
					} catch {
						// a throwing predicate is a miss
					}
					if (hit) {
						waiters.delete(waiter);
						waiter.resolve(body);
					}
				}
				let reply: Reply;
				if (hasTools(body)) {
					try {
						reply = responder(body);
					} catch (error) {
						reply = { text: `STAND-IN ERROR: ${(error as Error).message}` };
					}
				} else if (isClassifierRequest(body)) {
					let verdict: Verdict;
					try {
						verdict = classifier(classifiedAction(body), body);
					} catch {
						verdict = { severity: 99, category: 'Stand In Error' };
					}
					reply = { text: `<severity>${verdict.severity}</severity>${verdict.category ? `<category>${verdict.category}</category>` : ''}` };
				} else {
					reply = { text: 'Test session' };
				}
				if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
				sendMessage(res, body, reply);
				return;
			}
			if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
				await readBody(req);
				sendJson(res, 200, { input_tokens: 12 });
				return;
			}
			otherRequests.push({ method: req.method ?? '', url: req.url ?? '', at: Date.now() });
			await readBody(req);
			sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: `${req.method} ${path} not in stand-in` } });
		} catch (error) {
			if (!res.headersSent) sendJson(res, 500, { type: 'error', error: { type: 'api_error', message: String(error) } });
			else res.end();
		}
	});
	const sockets = new Set<import('node:net').Socket>();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		otherRequests,
		userTexts: () => requests.filter((r) => isMainRequest(r.body)).map((r) => lastUserText(r.body)).filter((text) => text !== ''),
		respondWith(fn) {
			responder = fn;
		},
		classifyWith(fn) {
			classifier = fn;
		},
		classifierRequests: () => requests.filter((r) => isClassifierRequest(r.body)).map((r) => r.body),
		waitFor(pred, timeoutMs = 15_000) {
			for (const { body } of requests) {
				try {
					if (pred(body)) return Promise.resolve(body);
				} catch {
					// miss
				}
			}
			return new Promise((resolve, reject) => {
				const waiter = {
					pred,
					resolve: (body: any) => {
						clearTimeout(timer);
						resolve(body);
					},
				};
				const timer = setTimeout(() => {
					waiters.delete(waiter);
					const seen = requests.map((r) => JSON.stringify(lastUserText(r.body)).slice(0, 120)).join('\n  ');
					reject(new Error(`MessagesApi.waitFor timed out after ${timeoutMs} ms; ${requests.length} request(s), last user texts:\n  ${seen}`));
				}, timeoutMs);
				waiters.add(waiter);
			});
		},
		close() {
			for (const socket of sockets) socket.destroy();
			return new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
