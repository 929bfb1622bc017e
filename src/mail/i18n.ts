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
	reasons: Record<string, string>;
	duplicateHeader: (name: string) => string;
	automated: string;
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
	reasons: {},
	duplicateHeader: (name) => `the mail has the ${name} header more than once (a forgery trick)`,
	automated: 'the mail is an automatic message (auto-reply, bounce or receipt)',
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
	reasons: {
		'parse-error': '邮件无法解析',
		'sender-not-allowed': '发件人不在白名单中（ALLOWED_SENDERS）',
		'several-from': '邮件列出了多个发件人',
		'no-message-id': '邮件没有 Message-ID',
		'duplicate-message-id': '这封邮件已经处理过一次',
		'no-token': '没有找到 TaskPing 令牌：请回复通知邮件，或在主题中写上 [TaskPing #令牌]',
		'several-tokens': '邮件中有多个不同的令牌；请一次只回复一封通知',
		'token-mismatch': '主题中的令牌与所回复的通知不一致',
		'unknown-token': '这台机器不认识这个令牌',
		'expired-token': '令牌已过期；请回复更新的通知',
		empty: '在引用的通知上方没有找到新内容',
		'shell-mode': '以 ! 开头的回复会直接执行 shell 命令，已拒绝',
		'slash-command': '以 / 开头的回复会执行 Claude Code 斜杠命令，已拒绝',
		'denied-pattern': '回复匹配了被禁止的命令模式',
		'too-long': '回复超过长度限制（TASKPING_MAX_REPLY_LENGTH）',
		'no-tmux': '该 Claude Code 会话不在 tmux 中运行',
		'pane-gone': '该会话的 tmux 窗格已不存在',
		'claude-gone': '该 tmux 窗格中已不再运行 Claude Code',
		'session-changed': '该窗格现在运行的是另一个 Claude 会话；请回复它最新的通知',
		'claude-state-unknown': '无法读取 Claude Code 的状态，因此没有输入任何内容',
		'dialog-open': 'Claude 正在显示对话框；在那里输入可能会批准操作，因此没有输入',
		'claude-busy': 'Claude 一直在忙；等它完成后再发送一次',
		'inject-failed': '向 tmux 窗格输入失败',
		'input-not-empty': 'Claude Code 的输入框里已有文字；没有追加任何内容',
		'dialog-closed': '该对话框已经关闭；迟到的回答不会被当作指令输入',
		'unclear-answer': '没能理解这个回答，因此没有按任何键',
		'always-disabled': '配置中关闭了“总是允许”；回复“批准”以允许一次',
		'multi-select': '多选问题需要在终端中回答',
		'option-not-shown': '对话框中没有这个选项',
		'sender-not-authenticated': '无法证明邮件来自该地址：邮件服务器没有报告 DMARC 通过或与域名一致的 DKIM 签名',
		'authserv-id-not-set': '尚未配置发件人验证：请把您的一封回复另存为 .eml，运行 taskping inspect 查看邮件服务器的 authserv-id，然后执行 taskping config set TASKPING_AUTHSERV_ID <id>',
		'terminal-control': '回复中含有终端控制字符或转义序列',
		'hidden-text': '回复中含有读者看不到的文字（隐藏的 HTML、与 HTML 不一致的纯文本或不可见字符）',
		'html-unsupported': 'HTML 部分使用了 TaskPing 无法确定读取的格式，输入的内容可能与您看到的不同；请以纯文本发送回复',
		'check-failed': '邮件无法检查，因此没有输入任何内容',
		'too-complex': '邮件太大或太复杂，无法在每封邮件的处理限额内检查完（邮件头超过 64 KB、正文超过 4 MB、检查超过 3 秒，或检查时监听程序中断了），因此没有输入任何内容；请发送不带引用内容的简短回复',
		'too-large': '邮件超过 10 MB，没有读取；请去掉附件后再回复',
		interrupted: '监听程序在处理时中断了',
	},
	duplicateHeader: (name) => `邮件中 ${name} 头出现了多次（一种伪造手法）`,
	automated: '这是一封自动邮件（自动回复、退信或回执）',
};

export const TEXTS: Record<Language, Texts> = { en, zh };

/** The sentence for a rejection code in that language; English (from reasons.ts) when there is no translation. */
export function describeReasonIn(language: Language, code: string, english: (code: string) => string): string {
	const texts = TEXTS[language];
	if (code.startsWith('duplicate-header:')) return texts.duplicateHeader(code.slice(17));
	if (code.startsWith('automated')) return texts.automated;
	return texts.reasons[code] ?? english(code);
}
