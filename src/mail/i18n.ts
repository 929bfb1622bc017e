import { describeReason } from '../watch/reasons.js';
import { findField } from '../config/fields.js';
import { coerceValue } from '../config/validate.js';

/**
 * The words of every mail TaskPing sends, in English and Chinese. The
 * language is the `language` setting (TASKPING_LANGUAGE), else the system
 * locale. Reply instructions are in the mail's language; answers parsing
 * (yes/批准 …) accepts both whatever the setting.
 */
export type Language = 'en' | 'zh';

export const LANGUAGES: readonly Language[] = ['en', 'zh'];

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
}

const en: Texts = {
	summary: { waiting: 'waiting for your instructions', permission: 'needs your permission', input: 'waiting for your input', attention: 'needs your attention' },
	claudeSaid: 'Claude said:',
	claudeCodeSays: 'Claude Code says:',
	lastPrompt: 'Your last prompt:',
	facts: { project: 'Project', host: 'Host', time: 'Time', token: 'Token', validUntil: (when) => `valid until ${when}` },
	replyHowTo: (pane) => `Reply to this mail: the new text you write above the quoted part is typed into\nClaude Code's prompt (tmux pane ${pane}) and submitted. Replies starting\nwith ! (shell) or / (slash command) are refused.`,
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
};

const zh: Texts = {
	summary: { waiting: '等待您的指示', permission: '需要您的授权', input: '等待您的输入', attention: '需要您的关注' },
	claudeSaid: 'Claude 说：',
	claudeCodeSays: 'Claude Code 提示：',
	lastPrompt: '您上一条指令：',
	facts: { project: '项目', host: '主机', time: '时间', token: '令牌', validUntil: (when) => `有效期至 ${when}` },
	replyHowTo: (pane) => `直接回复本邮件：您在引用内容上方写的新文字会输入到 Claude Code（tmux 窗格 ${pane}）并提交。\n以 !（shell 命令）或 /（斜杠命令）开头的回复会被拒绝。`,
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
};

export const TEXTS: Record<Language, Texts> = { en, zh };

/** The sentence for a rejection code in that language (the one table: watch/reasons.ts). */
export function describeReasonIn(language: Language, code: string, _english?: unknown): string {
	return describeReason(code, language);
}
