/** What TaskPing needs from a Claude Code hook invocation: stdin JSON plus the pane from the environment. */
export interface HookEvent {
	event: string;
	sessionId: string;
	cwd: string;
	transcriptPath: string;
	promptId: string | null;
	lastAssistantMessage: string | null;
	notificationType: string | null;
	message: string | null;
	toolName: string | null;
	toolInput: unknown;
	/** permission_mode: "default", "auto" (Claude Code 2.1.283+ starts in auto unless settings say otherwise), "acceptEdits", "plan" … */
	permissionMode: string | null;
	/** PermissionDenied: why the auto-mode classifier blocked the tool call. */
	reason: string | null;
	/** StopFailure: the error kind that ended the turn (server_error, rate_limit, authentication_failed …). */
	error: string | null;
	/** Stop: background tasks (subagents …) still running when the turn stopped; their end starts another turn. */
	backgroundTasks: number;
	/** Socket path (first field of $TMUX) and pane id ($TMUX_PANE): pane ids are unique only per tmux server. */
	tmux: { socket: string; pane: string } | null;
	claudeConfigDir: string | null;
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Parses the payload leniently: Claude Code adds fields between versions,
 * and a hook must never fail because of that. Returns null only when the
 * input is not a JSON object at all.
 */
export function parseHookEvent(stdin: string, env: NodeJS.ProcessEnv, eventArg?: string): HookEvent | null {
	let data: Record<string, unknown>;
	try {
		const parsed: unknown = JSON.parse(stdin);
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
		data = parsed as Record<string, unknown>;
	} catch {
		return null;
	}
	const socket = env.TMUX?.split(',')[0];
	const pane = env.TMUX_PANE;
	return {
		event: str(data.hook_event_name) ?? eventArg ?? 'Unknown',
		sessionId: str(data.session_id) ?? env.CLAUDE_CODE_SESSION_ID ?? '',
		cwd: str(data.cwd) ?? env.CLAUDE_PROJECT_DIR ?? process.cwd(),
		transcriptPath: str(data.transcript_path) ?? '',
		promptId: str(data.prompt_id),
		lastAssistantMessage: str(data.last_assistant_message),
		notificationType: str(data.notification_type),
		message: str(data.message),
		toolName: str(data.tool_name),
		toolInput: data.tool_input ?? null,
		permissionMode: str(data.permission_mode),
		reason: str(data.reason),
		error: str(data.error),
		backgroundTasks: Array.isArray(data.background_tasks) ? data.background_tasks.filter((task) => (task as { status?: unknown })?.status !== 'completed').length : 0,
		tmux: socket && pane && /^%\d+$/.test(pane) ? { socket, pane } : null,
		claudeConfigDir: env.CLAUDE_CONFIG_DIR ?? null,
	};
}
