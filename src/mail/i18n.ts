import { describeReason } from './reasons.js';
import { findField, type Language } from '../config/fields.js';
import { coerceValue } from '../config/validate.js';

/**
 * The words of every mail TaskPing sends, in English and Chinese. The
 * language is the `language` setting (TASKPING_LANGUAGE), else the system
 * locale. Reply instructions are in the mail's language; answers parsing
 * (yes/批准 …) accepts both whatever the setting.
 */
/** zh for any Chinese locale (zh_CN, zh_TW, zh-Hant …), else en. */
export function languageFromLocale(env: NodeJS.ProcessEnv = process.env): Language {
	const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || env.LANGUAGE || Intl.DateTimeFormat().resolvedOptions().locale || '';
	return /^zh/i.test(locale) ? 'zh' : 'en';
}

export function resolveLanguage(setting: string | undefined | null, env: NodeJS.ProcessEnv = process.env): Language {
	if (setting === undefined || setting === null || setting.trim() === '') return languageFromLocale(env);
	// Checked like every other setting (config/validate.ts): the error names the value and the choices.
	return coerceValue(findField('language')!, setting) as Language;
}

export interface Texts {
	summary: { waiting: string; permission: string; input: string; attention: string };
	claudeSaid: string;
	claudeCodeSays: string;
	lastPrompt: string;
	facts: { project: string; host: string; time: string; token: string; validUntil: (when: string) => string };
	replyHowTo: (pane: string) => string;
	noTmux: string;
	typedHead: (project: string | null) => string;
	notTypedHead: string;
	interrupted: { submitted: string; notSubmitted: string; dialog: string; sessionGone: string };
	testMail: { subject: string; body: (host: string, when: string) => string };
	phone: PhoneTexts;
	autoMode: { title: string; text: string };
	denied: { summary: (what: string) => string; what: string; why: string; noReason: string; whatNow: string; options: string };
	failure: { summary: (error: string) => string; why: string; when: string; whenText: (error: string) => string };
}

/** The words of the phone-first notification and dialog mails (compose.ts, compose-dialog.ts). */
export interface PhoneTexts {
	kind: { done: string; permission: string; question: string; waiting: string; notice: string };
	turn: { heading: string; created: string; edited: string; written: string; exit: (code: number | null) => string; errors: string; moreCommands: (n: number) => string; took: (duration: string) => string; tokens: (input: string, output: string) => string };
	moreLines: (n: number, file: string) => string;
	factsLine: (host: string, time: string) => string;
	tokenLine: (token: string, until: string) => string;
	dialogTokenLine: (token: string) => string;
	buttons: { approve: string; always: string; deny: string; tapHint: string; followUp: string; followUps: Array<[label: string, body: string]> };
	dialog: { wantsToUse: (tool: string) => string; saidBefore: string; orReply: string; runOnce: string; runAlways: string; dontRun: string; feedback: string; elseRefused: string; asks: string; pick: string; multiSelect: string };
}

const en: Texts = {
	summary: { waiting: 'waiting for your instructions', permission: 'needs your permission', input: 'waiting for your input', attention: 'needs your attention' },
	claudeSaid: 'Claude said:',
	claudeCodeSays: 'Claude Code says:',
	lastPrompt: 'Your last prompt:',
	facts: { project: 'Project', host: 'Host', time: 'Time', token: 'Token', validUntil: (when) => `valid until ${when}` },
	replyHowTo: (pane) => `Reply to this mail: the text you write (not the quoted notification) is typed into\nClaude Code's prompt (tmux pane ${pane}) and submitted. Replies starting\nwith ! (shell) or / (slash command) are refused.`,
	noTmux: 'This Claude Code session is not running inside tmux, so replies to this mail cannot be typed back. Start Claude Code inside tmux to answer by email.',
	typedHead: (project) => `Typed into Claude Code${project ? ` (${project})` : ''} and submitted:`,
	notTypedHead: 'Not typed into Claude Code:',
	interrupted: {
		submitted: 'The watcher restarted while typing this; Claude had received it.',
		notSubmitted: "- the watcher stopped while typing this reply and Claude never received it; it may still sit in Claude's input box. Send it again if it is still wanted.",
		dialog: '- the watcher stopped while answering this dialog; look at the terminal to see whether it was answered',
		sessionGone: '- the watcher stopped while acting on this reply, and its session is gone; nothing more was done',
	},
	testMail: { subject: '[TaskPing] test notification', body: (host, when) => `This is a test from TaskPing on ${host} at ${when}.\nReal notifications carry a token like [TaskPing #K7Q2XM9PA4B3C] in the subject; reply to those.` },
	phone: {
		kind: { done: 'Done', permission: 'Permission', question: 'Question', waiting: 'Waiting', notice: 'Notice' },
		turn: {
			heading: 'This turn',
			created: 'created',
			edited: 'edited',
			written: 'rewrote',
			exit: (code) => (code === null ? 'interrupted' : code === 0 ? 'ok' : `exit ${code}`),
			errors: 'Tool errors',
			moreCommands: (n) => `and ${n} more command${n === 1 ? '' : 's'}`,
			took: (duration) => `took ${duration}`,
			tokens: (input, output) => `${input} tokens in, ${output} out`,
		},
		moreLines: (n, file) => `…${n} more line${n === 1 ? '' : 's'}: the whole answer is attached (${file}).`,
		factsLine: (host, time) => `on ${host} · ${time}`,
		tokenLine: (token, until) => `#${token} · replies accepted until ${until}`,
		dialogTokenLine: (token) => `#${token} · this dialog only, while it is open`,
		buttons: { approve: 'Approve', always: 'Always allow', deny: 'Deny', tapHint: 'Each button opens a reply with that answer filled in: just tap Send.', followUp: 'Quick replies', followUps: [['Continue', 'continue'], ['Run the tests', 'run the tests and fix what fails'], ['Commit', 'commit the changes with a clear message']] },
		dialog: {
			wantsToUse: (tool) => `Claude wants to use ${tool}`,
			saidBefore: 'Claude said before asking',
			orReply: 'Or reply with one of:',
			runOnce: 'run it once',
			runAlways: "run it, and don't ask again for this",
			dontRun: "don't run it",
			feedback: "don't run it; tell Claude what to do instead",
			elseRefused: 'Anything else is refused, never guessed.',
			asks: 'Claude asks',
			pick: 'Or reply with the number or the label of your choice.',
			multiSelect: 'This question takes several answers: answer it at the terminal.',
		},
	},
	autoMode: {
		title: 'Auto mode:',
		text: 'This Claude Code session runs in auto mode: it does not ask before most actions, so no permission mails come;\nactions its classifier flags are blocked and mailed to you. For a mail before every action, start Claude Code\nin manual mode: "permissions": {"defaultMode": "default"} in ~/.claude/settings.json.',
	},
	denied: {
		summary: (what) => `auto mode blocked ${what}`,
		what: 'Auto mode blocked this action (it did not run):',
		why: 'Why:',
		noReason: '(Claude Code gave no reason)',
		whatNow: 'What you can do:',
		options: '- Reply with what Claude should do instead; it is typed as your next prompt.\n- To have it run after all, reply saying so explicitly (e.g. "I confirm: run it"): Claude tries again and\n  auto mode checks it again, now with your words. Nothing is approved by mail without that check.\n- Or approve it at the terminal (/permissions adds a rule).',
	},
	failure: {
		summary: (error) => `turn failed (${error})`,
		why: 'Why the turn ended:',
		when: 'When it can go on:',
		whenText: (error) =>
			/rate_limit|usage|limit/.test(error) ? 'When the usage limit resets (the time is in Claude\'s message above). Then reply "continue" to resend.'
			: /auth|billing/.test(error) ? 'After the login or billing is fixed at the terminal; a reply cannot fix that.'
			: 'Usually in a minute or two (a temporary API problem). Reply "continue" to try again.',
	},
};

const zh: Texts = {
	summary: { waiting: '等待您的指示', permission: '需要您的授权', input: '等待您的输入', attention: '需要您的关注' },
	claudeSaid: 'Claude 说：',
	claudeCodeSays: 'Claude Code 提示：',
	lastPrompt: '您上一条指令：',
	facts: { project: '项目', host: '主机', time: '时间', token: '令牌', validUntil: (when) => `有效期至 ${when}` },
	replyHowTo: (pane) => `直接回复本邮件：您写的新文字（不含引用的通知）会输入到 Claude Code（tmux 窗格 ${pane}）并提交。\n以 !（shell 命令）或 /（斜杠命令）开头的回复会被拒绝。`,
	noTmux: '这个 Claude Code 会话没有在 tmux 中运行，回复本邮件无法输入回去。请在 tmux 中启动 Claude Code，才能通过邮件回复。',
	typedHead: (project) => `已输入 Claude Code${project ? `（${project}）` : ''}并提交：`,
	notTypedHead: '未输入 Claude Code：',
	interrupted: {
		submitted: '输入过程中监听程序重启了；Claude 已收到这条回复。',
		notSubmitted: '- 输入这条回复时监听程序中断了，Claude 没有收到；文字可能还留在 Claude 的输入框里。如仍需要，请重新发送。',
		dialog: '- 回答这个对话框时监听程序中断了；请在终端查看是否已回答',
		sessionGone: '- 处理这条回复时监听程序中断了，且会话已不存在；没有再做任何操作',
	},
	testMail: { subject: '[TaskPing] 测试通知', body: (host, when) => `这是 TaskPing 在 ${host} 上于 ${when} 发出的测试邮件。\n真正的通知在主题中带有类似 [TaskPing #K7Q2XM9PA4B3C] 的令牌，请回复那些邮件。` },
	phone: {
		kind: { done: '完成', permission: '请求授权', question: '提问', waiting: '等待中', notice: '通知' },
		turn: {
			heading: '本轮操作',
			created: '新建',
			edited: '修改',
			written: '重写',
			exit: (code) => (code === null ? '已中断' : code === 0 ? '成功' : `退出码 ${code}`),
			errors: '工具错误',
			moreCommands: (n) => `另有 ${n} 条命令`,
			took: (duration) => `用时 ${duration}`,
			tokens: (input, output) => `输入 ${input} 令牌，输出 ${output}`,
		},
		moreLines: (n, file) => `……还有 ${n} 行：完整回答见附件（${file}）。`,
		factsLine: (host, time) => `主机 ${host} · ${time}`,
		tokenLine: (token, until) => `#${token} · 回复有效期至 ${until}`,
		dialogTokenLine: (token) => `#${token} · 仅限此对话框，在它打开期间有效`,
		buttons: { approve: '批准', always: '总是允许', deny: '拒绝', tapHint: '点按钮会打开一封已填好答案的回复，再点“发送”即可。', followUp: '快捷回复', followUps: [['继续', '继续'], ['运行测试', '运行测试并修复失败的部分'], ['提交', '用清楚的说明提交这些修改']] },
		dialog: {
			wantsToUse: (tool) => `Claude 想要使用 ${tool}`,
			saidBefore: 'Claude 在询问前说',
			orReply: '或回复以下之一：',
			runOnce: '运行这一次',
			runAlways: '运行，并且以后不再询问此类操作',
			dontRun: '不运行',
			feedback: '不运行，并告诉 Claude 改做什么',
			elseRefused: '其他回答一律拒绝，绝不猜测。',
			asks: 'Claude 提问',
			pick: '也可以回复选项的编号或名称。',
			multiSelect: '这个问题可以选多个答案：请在终端中回答。',
		},
	},
	autoMode: {
		title: '自动模式：',
		text: '这个 Claude Code 会话运行在自动模式（auto mode）：大多数操作不再询问，因此不会有授权邮件；\n分类器判定有风险的操作会被拦截并邮件通知您。如需每个操作前都收到邮件，请以手动模式启动 Claude Code：\n在 ~/.claude/settings.json 中设置 "permissions": {"defaultMode": "default"}。',
	},
	denied: {
		summary: (what) => `自动模式拦截了 ${what}`,
		what: '自动模式拦截了这个操作（没有执行）：',
		why: '原因：',
		noReason: '（Claude Code 没有给出原因）',
		whatNow: '您可以：',
		options: '- 回复 Claude 应该改做什么；回复会作为下一条指令输入。\n- 如果确实要执行，请明确回复（例如“我确认：执行它”）：Claude 会重试，自动模式会结合您的话再检查一次。\n  邮件不会绕过这个检查批准任何操作。\n- 或者在终端中批准（/permissions 添加规则）。',
	},
	failure: {
		summary: (error) => `本轮失败（${error}）`,
		why: '本轮结束的原因：',
		when: '何时可以继续：',
		whenText: (error) =>
			/rate_limit|usage|limit/.test(error) ? '用量限制重置之后（时间见上面 Claude 的消息）。届时回复“continue”重新发送。'
			: /auth|billing/.test(error) ? '需要先在终端修复登录或账单问题；回复邮件无法解决。'
			: '通常一两分钟后即可（API 临时问题）。回复“continue”重试。',
	},
};

export const TEXTS: Record<Language, Texts> = { en, zh };

/** The sentence for a rejection code in that language (the one table: mail/reasons.ts). */
export function describeReasonIn(language: Language, code: string): string {
	return describeReason(code, language);
}
