/** One sentence per rejection code, with the fix where the user has one. Used in answers and by `inspect`. */
const SENTENCES: Record<string, string> = {
	'parse-error': 'the mail could not be parsed',
	'sender-not-allowed': 'the sender is not on the whitelist (ALLOWED_SENDERS)',
	'several-from': 'the mail names several senders',
	'no-message-id': 'the mail has no Message-ID',
	'duplicate-message-id': 'this mail was already handled once',
	'no-token': 'no TaskPing token found: reply to a notification, or put [TaskPing #TOKEN] in the subject',
	'several-tokens': 'the mail carries several different tokens; reply to one notification at a time',
	'token-mismatch': 'the token in the subject does not match the notification this replies to',
	'unknown-token': 'the token is not known on this machine',
	'expired-token': 'the token has expired; reply to a newer notification',
	empty: 'no new text was found above the quoted notification',
	'shell-mode': 'replies starting with ! would run a shell command directly and are refused',
	'slash-command': 'replies starting with / would run a Claude Code slash command and are refused',
	'denied-pattern': 'the reply matches a blocked command pattern',
	'too-long': 'the reply is longer than the limit (TASKPING_MAX_REPLY_LENGTH)',
	'no-tmux': 'that Claude Code session does not run inside tmux',
	'pane-gone': 'the tmux pane of that session no longer exists',
	'claude-gone': 'Claude Code no longer runs in that tmux pane',
	'session-changed': 'that pane now runs a different Claude session; reply to its newest notification',
	'claude-state-unknown': "Claude Code's state could not be read, so nothing was typed",
	'dialog-open': 'Claude is showing a dialog; typing there could approve it, so nothing was typed',
	'claude-busy': 'Claude stayed busy; send the reply again when it has finished',
	'inject-failed': 'typing into the tmux pane failed',
	'input-not-empty': "something is already typed in Claude Code's input box; nothing was added to it",
	'dialog-closed': 'that dialog is no longer open; a late answer is never typed as a prompt',
	'unclear-answer': 'the answer was not understood, so nothing was pressed',
	'always-disabled': '"always" is switched off in the configuration; answer yes to approve once',
	'multi-select': 'questions with several answers must be answered at the terminal',
	'option-not-shown': 'the dialog does not offer that choice',
	unsanitised: 'the reply still contains control characters',
};

export function describeReason(code: string): string {
	if (code.startsWith('duplicate-header:')) return `the mail has the ${code.slice(17)} header more than once (a forgery trick)`;
	if (code.startsWith('automated')) return 'the mail is an automatic message (auto-reply, bounce or receipt)';
	return SENTENCES[code] ?? code;
}
